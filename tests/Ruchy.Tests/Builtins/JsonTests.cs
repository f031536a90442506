using Ruchy.Formatting;
using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Builtins;

/// <summary>JSON built-ins on every tier: round trips, serde_json's output format, errors with positions.</summary>
public sealed class JsonTests
{
    private static string Out(string tier, string code)
    {
        var o = RuchyRunner.Run(code, "t.ruchy", tier);
        Assert.Equal(RuchyRunner.Run(code, "t.ruchy", "ast"), o);
        Assert.True(o.ExitCode == 0, o.Stderr);
        return o.Stdout;
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    [Theory]
    [TierData("{\"b\": 1, \"a\": [1, 2.5, \"s\", null, true]}", "{\"a\":[1,2.5,\"s\",null,true],\"b\":1}")]
    [TierData("[]", "[]")]
    [TierData("42", "42")]
    [TierData("-1.0", "-1.0")]
    [TierData("\"x\\ny\"", "\"x\\ny\"")]
    [TierData("null", "null")]
    [TierData("{\"k\": {\"z\": 0, \"y\": [[]]}}", "{\"k\":{\"y\":[[]],\"z\":0}}")]
    public void ParseThenStringify_RoundTrips(string tier, string json, string expected) =>
        Assert.Equal(expected + "\n", Out(tier, $"println(json_stringify(json_parse({Quote(json)})))"));

    [Theory]
    [TierData("json_parse(\"7\")", "integer")]
    [TierData("json_parse(\"7.0\")", "float")]
    [TierData("json_parse(\"7e2\")", "float")]
    [TierData("json_parse(\"null\")", "nil")]
    [TierData("json_parse(\"[1]\")", "array")]
    [TierData("json_parse(\"\\\"s\\\"\")", "string")]
    public void Parse_GivesRuchyTypes(string tier, string expr, string type) =>
        Assert.Equal(type + "\n", Out(tier, $"println(type_of({expr}))"));

    [Theory, AllTiers]
    public void Pretty_UsesTwoSpacesAndSortedKeys(string tier) =>
        Assert.Equal("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {\n    \"c\": null\n  }\n}\n",
            Out(tier, "println(json_pretty(json_parse(\"{\\\"b\\\": {\\\"c\\\": null}, \\\"a\\\": [1, 2]}\")))"));

    [Theory, AllTiers]
    public void JsonObject_ParseAndStringify(string tier) =>
        Assert.Equal("[1, \"two\"]\n{\"x\":[1.5]}\n",
            Out(tier, "println(JSON.parse(\"[1, \\\"two\\\"]\"))\nlet mut m = HashMap::new()\nm.insert(\"x\", [1.5])\nprintln(JSON.stringify(m))"));

    [Theory, AllTiers]
    public void JsonName_DeclaredByProgram_IsNotTheBuiltin(string tier) =>
        Assert.Equal("mine 3\n", Out(tier, "struct J { n: i32 }\nimpl J { fn parse(self, s) { \"mine \" + s } }\nlet JSON = J { n: 1 }\nprintln(JSON.parse(\"3\"))"));

    [Theory]
    [TierData("json_get(json_parse(\"{\\\"a\\\": {\\\"b\\\": 5}}\"), \"a.b\")", "5")]
    [TierData("json_get(json_parse(\"{\\\"a\\\": 1}\"), \"a.b\")", "nil")]
    [TierData("json_set(json_parse(\"{\\\"a\\\": {\\\"b\\\": 5}}\"), \"a.b\", [1])", "{a: {b: [1]}}")]
    [TierData("json_merge(json_parse(\"{\\\"a\\\": {\\\"x\\\": 1}}\"), json_parse(\"{\\\"a\\\": {\\\"y\\\": 2}}\"))", "{a: {x: 1, y: 2}}")]
    [TierData("json_validate(\"[1, 2]\")", "true")]
    [TierData("json_validate(\"[1, 2,]\")", "false")]
    [TierData("json_type(\"{}\")", "object")]
    [TierData("json_stringify(0.0 / 0.0)", "null")]
    public void PathAndUtilityFunctions(string tier, string expr, string expected) =>
        Assert.Equal(expected + "\n", Out(tier, $"println({expr})"));

    [Theory]
    [TierData("let x = 1\nlet v = json_parse(\"[1,\")", "JSON parse error: Expected start of a property name or value, but instead reached end of data at line 1 column 3", 2, 9)]
    [TierData("json_parse(5)", "json_parse() expects a string argument", 1, 1)]
    [TierData("json_stringify((1, 2))", "Cannot convert tuple to JSON", 1, 1)]
    [TierData("JSON.stringify(1.0 / 0.0)", "Invalid float for JSON", 1, 6)]
    [TierData("json_get([1], 2)", "json_get() expects second argument to be string", 1, 1)]
    public void BadInput_IsPositionedError(string tier, string code, string message, int line, int col)
    {
        var o = RuchyRunner.Run(code, "t.ruchy", tier);
        Assert.Equal(RuchyRunner.Run(code, "t.ruchy", "ast"), o);
        Assert.Equal(1, o.ExitCode);
        var lines = o.Stderr.Split('\n');
        Assert.Equal("Error: " + message, lines[0]);
        Assert.Equal($"  at t.ruchy:{line}:{col}", lines[1]);
    }

    [Theory, AllTiers]
    public void WriteThenRead_RoundTripsThroughAFile(string tier)
    {
        string path = Path.Combine(Path.GetTempPath(), $"ruchy-json-{tier.Replace('+', '_').Replace('=', '_')}-{Guid.NewGuid():N}.json");
        try
        {
            string code = $"let p = {Quote(path)}\nprintln(json_write(p, json_parse(\"{{\\\"n\\\": [1, 2]}}\")))\nprintln(json_read(p))";
            Assert.Equal("true\n{n: [1, 2]}\n", Out(tier, code));
            Assert.Equal("{\n  \"n\": [\n    1,\n    2\n  ]\n}", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_MissingFile_SaysSo()
    {
        var o = RuchyRunner.Run("json_read(\"/nonexistent-dir-ruchy/x.json\")", "t.ruchy");
        Assert.Equal(1, o.ExitCode);
        Assert.StartsWith("Error: Failed to read file: No such file or directory (os error 2)", o.Stderr);
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e16")]
    [InlineData(1.5e17, "1.5e17")]
    [InlineData(0.00001, "0.00001")]
    [InlineData(0.000001, "1e-6")]
    [InlineData(1.25e-7, "1.25e-7")]
    [InlineData(123.456, "123.456")]
    [InlineData(0.0, "0.0")]
    public void FloatFormat_MatchesSerdeJson(double value, string expected) =>
        Assert.Equal(expected, FloatFormatter.Json(value));
}
