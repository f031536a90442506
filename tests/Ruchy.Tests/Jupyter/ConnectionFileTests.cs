using Ruchy.Kernel.Jupyter;

namespace Ruchy.Tests.Jupyter;

public class ConnectionFileTests
{
    private const string Valid = """
        {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
         "ip": "127.0.0.1", "key": "k3y", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "ruchy"}
        """;

    [Fact]
    public void Parses_the_fields_jupyter_client_writes()
    {
        var c = ConnectionFile.Parse(Valid);
        Assert.Equal((5001, 5002, 5003, 5004, 5005), (c.ShellPort, c.IopubPort, c.StdinPort, c.ControlPort, c.HbPort));
        Assert.Equal("k3y", c.Key);
        Assert.Equal("ruchy", c.KernelName);
        Assert.Equal("tcp://127.0.0.1:5001", c.Endpoint(c.ShellPort));
    }

    [Fact]
    public void Rejects_ipc_transport_with_a_clear_error()
    {
        var ex = Assert.Throws<ConnectionFileException>(() => ConnectionFile.Parse(Valid.Replace("\"tcp\"", "\"ipc\""), "conn.json"));
        Assert.Contains("conn.json", ex.Message);
        Assert.Contains("transport \"ipc\" is not supported", ex.Message);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "expected a JSON object")]
    [InlineData("{\"shell_port\": 1}", "\"iopub_port\" is missing")]
    [InlineData("{\"shell_port\": \"x\", \"iopub_port\": 1, \"stdin_port\": 1, \"control_port\": 1, \"hb_port\": 1}", "\"shell_port\" must be a port number")]
    [InlineData("{\"shell_port\": 1, \"iopub_port\": 1, \"stdin_port\": 1, \"control_port\": 1, \"hb_port\": 1, \"key\": \"k\", \"signature_scheme\": \"hmac-md5\"}", "hmac-md5")]
    public void Reports_what_is_wrong(string json, string expected)
    {
        var ex = Assert.Throws<ConnectionFileException>(() => ConnectionFile.Parse(json, "c.json"));
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith("c.json: ", ex.Message);
    }
}
