using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Ruchy.Values;
using RuchyLab.Interactive;

namespace Ruchy.Tests.Interactive;

/// <summary>Values moving between C# and Ruchy with #!set, SendValue and RequestValue (as application/json).</summary>
public class InteractiveValueSharingTests : IDisposable
{
    private readonly CompositeKernel _root = PolyglotKernel.Create();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Set_moves_a_csharp_value_into_ruchy()
    {
        (await _root.Submit("var numbers = new[] { 1, 2, 3 };\nvar title = \"sum\";")).AssertSucceeded();
        (await _root.Submit("#!ruchy\n#!set --value @csharp:numbers --name numbers\n#!set --value @csharp:title --name title")).AssertSucceeded();
        var result = await _root.Submit("#!ruchy\nlet s = 0\nfor n in numbers { s = s + n }\nf\"{title}={s}\"");
        result.AssertSucceeded();
        Assert.Equal("\"sum=6\"", result.Single<ReturnValueProduced>().Value());
    }

    [Fact]
    public async Task Set_in_csharp_reads_a_ruchy_value()
    {
        (await _root.Submit("#!ruchy\nlet scores = {\"a\": 1, \"b\": 2.5}\nlet total = 42")).AssertSucceeded();
        (await _root.Submit("#!csharp\n#!set --value @ruchy:total --name total\n#!set --value @ruchy:scores --name scores")).AssertSucceeded();
        var result = await _root.Submit("#!csharp\n$\"{total} {scores.RootElement.GetProperty(\"b\").GetDouble()}\"");
        result.AssertSucceeded();
        Assert.Equal("42 2.5", result.Single<ReturnValueProduced>().Value());
    }

    [Fact]
    public async Task SendValue_and_RequestValue_round_trip_json()
    {
        const string json = "{\"name\":\"x\",\"items\":[1,2.5,true,null,\"s\"],\"nested\":{\"k\":-3}}";
        (await _root.SendAsync(new SendValue("data", null, new FormattedValue(JsonValues.MimeType, json), "ruchy"))).AssertSucceeded();
        var ruchy = (RuchyKernel)_root.FindKernelByName("ruchy")!;
        Assert.True(ruchy.Session.Ruchy.TryGetVariable("data", out var value));
        Assert.Equal(ValueKind.Map, value.Kind);

        var result = await _root.SendAsync(new RequestValue("data", JsonValues.MimeType, "ruchy"));
        var produced = result.Single<ValueProduced>();
        Assert.Equal(json, produced.FormattedValue.Value);
        Assert.Equal(JsonValues.MimeType, produced.FormattedValue.MimeType);
    }

    [Fact]
    public async Task RequestValue_of_an_unknown_name_fails()
    {
        var result = await _root.SendAsync(new RequestValue("nowhere", JsonValues.MimeType, "ruchy"));
        Assert.Contains("nowhere", result.Single<CommandFailed>().Message);
    }
}
