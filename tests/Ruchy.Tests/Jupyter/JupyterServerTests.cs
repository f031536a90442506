using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetMQ;
using Ruchy.Kernel.Jupyter;
using Ruchy.Notebook;

namespace Ruchy.Tests.Jupyter;

/// <summary>The Jupyter server end to end over real ZeroMQ sockets, with the kernel in this process.</summary>
public class JupyterServerTests
{
    private static string Plain(JupyterMessage m) => m.Content.GetProperty("data").GetProperty("text/plain").GetString()!;
    private static string Str(JupyterMessage m, string name) => m.Content.GetProperty(name).GetString()!;

    [Fact]
    public void Kernel_info_round_trip_is_wrapped_in_busy_and_idle()
    {
        using var client = JupyterTestClient.StartInProcess();
        var (reply, iopub) = client.Request(client.Shell, "kernel_info_request");
        Assert.Equal("kernel_info_reply", reply.MsgType);
        Assert.Equal("ok", Str(reply, "status"));
        Assert.Equal("5.3", Str(reply, "protocol_version"));
        Assert.Equal("ruchy", Str(reply, "implementation"));
        var info = reply.Content.GetProperty("language_info");
        Assert.Equal("ruchy", info.GetProperty("name").GetString());
        Assert.Equal(".ruchy", info.GetProperty("file_extension").GetString());
        Assert.Equal(JsonValueKind.String, reply.Content.GetProperty("banner").ValueKind);
        Assert.Equal(["status:busy", "status:idle"], JupyterTestClient.Types(iopub));

        // Header fields exactly as jupyter_kernel_test validates them; date with six fractional digits.
        var header = reply.Header;
        foreach (var field in new[] { "msg_id", "username", "session", "date", "msg_type", "version" })
            Assert.True(header.TryGetProperty(field, out _), field);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", header.GetProperty("date").GetString());
        Assert.Equal("{}", Encoding.UTF8.GetString(reply.MetadataBytes));
    }

    [Fact]
    public void Kernel_info_on_control_for_the_metta_kernel()
    {
        using var client = JupyterTestClient.StartInProcess(CellLanguage.Metta);
        var (reply, iopub) = client.Request(client.Control, "kernel_info_request");
        Assert.Equal("metta", reply.Content.GetProperty("language_info").GetProperty("name").GetString());
        Assert.Equal(".metta", reply.Content.GetProperty("language_info").GetProperty("file_extension").GetString());
        Assert.Equal(["status:busy", "status:idle"], JupyterTestClient.Types(iopub));
    }

    [Fact]
    public void Println_streams_stdout_between_execute_input_and_the_reply()
    {
        using var client = JupyterTestClient.StartInProcess();
        var (reply, iopub) = client.Run("println(\"hello, world\")");
        Assert.Equal("ok", Str(reply, "status"));
        Assert.Equal(1, reply.Content.GetProperty("execution_count").GetInt32());
        Assert.Equal(["status:busy", "execute_input", "stream", "status:idle"], JupyterTestClient.Types(iopub));
        Assert.Equal("println(\"hello, world\")", Str(iopub[1], "code"));
        Assert.Equal("stdout", Str(iopub[2], "name"));
        Assert.Equal("hello, world\n", Str(iopub[2], "text"));
    }

    [Fact]
    public void An_expression_cell_has_an_execute_result()
    {
        using var client = JupyterTestClient.StartInProcess();
        var (reply, iopub) = client.Run("1 + 1");
        Assert.Equal("ok", Str(reply, "status"));
        Assert.Equal(["status:busy", "execute_input", "execute_result", "status:idle"], JupyterTestClient.Types(iopub));
        Assert.Equal("2", Plain(iopub[2]));
        Assert.Equal(1, iopub[2].Content.GetProperty("execution_count").GetInt32());
        Assert.Equal(JsonValueKind.Object, iopub[2].Content.GetProperty("metadata").ValueKind);

        var (second, _) = client.Run("6 * 7");
        Assert.Equal(2, second.Content.GetProperty("execution_count").GetInt32());
    }

    [Fact]
    public void An_error_cell_has_one_error_output_and_an_error_reply()
    {
        using var client = JupyterTestClient.StartInProcess();
        var (reply, iopub) = client.Run("undefined_thing + 1");
        Assert.Equal("error", Str(reply, "status"));
        Assert.False(string.IsNullOrEmpty(Str(reply, "ename")));
        Assert.Contains("undefined_thing", Str(reply, "evalue"));
        Assert.True(reply.Content.GetProperty("traceback").GetArrayLength() > 0);
        // Exactly one output and it is the error: nothing also written to stderr.
        Assert.Equal(["status:busy", "execute_input", "error", "status:idle"], JupyterTestClient.Types(iopub));
        Assert.Equal(Str(reply, "ename"), Str(iopub[2], "ename"));
    }

    [Fact]
    public void A_silent_execute_shows_nothing_and_does_not_count()
    {
        using var client = JupyterTestClient.StartInProcess();
        var (reply, iopub) = client.Run("println(\"quiet\"); 1 + 1", silent: true);
        Assert.Equal("ok", Str(reply, "status"));
        Assert.Equal(["status:busy", "status:idle"], JupyterTestClient.Types(iopub));
        var (next, _) = client.Run("2");
        Assert.Equal(1, next.Content.GetProperty("execution_count").GetInt32());
    }

    [Fact]
    public void Stop_on_error_aborts_executes_already_queued()
    {
        using var client = JupyterTestClient.StartInProcess();
        // The first cell runs long enough (a few hundred ms) for the second to be queued behind it.
        var failing = client.Execute("let mut i = 0; while i < 3000000 { i = i + 1 }; undefined_thing");
        var queued = client.Execute("println(\"must not run\")");
        var first = client.Receive(client.Shell);
        var second = client.Receive(client.Shell);
        Assert.Equal(failing.MsgId, JupyterTestClient.ParentId(first));
        Assert.Equal("error", Str(first, "status"));
        Assert.Equal(queued.MsgId, JupyterTestClient.ParentId(second));
        Assert.Equal("aborted", Str(second, "status"));
        var outputs = client.CollectIopub(queued);
        Assert.Equal(["status:busy", "status:idle"], JupyterTestClient.Types(outputs));
    }

    [Fact]
    public void Replies_and_iopub_messages_are_signed_over_the_exact_frames()
    {
        using var client = JupyterTestClient.StartInProcess();
        client.Execute("1 + 1");
        var frames = new List<byte[]>();
        Assert.True(client.Shell.TryReceiveMultipartBytes(JupyterTestClient.Timeout, ref frames));
        AssertSigned(frames, delimiterIndex: 0);
        Assert.True(client.Iopub.TryReceiveMultipartBytes(JupyterTestClient.Timeout, ref frames));
        AssertSigned(frames, delimiterIndex: 1); // IOPub: one topic frame before the delimiter
    }

    private static void AssertSigned(List<byte[]> frames, int delimiterIndex)
    {
        Assert.Equal("<IDS|MSG>", Encoding.ASCII.GetString(frames[delimiterIndex]));
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(JupyterTestClient.Key));
        var all = new List<byte>();
        for (int i = delimiterIndex + 2; i < delimiterIndex + 6; i++) all.AddRange(frames[i]);
        string expected = Convert.ToHexStringLower(hmac.ComputeHash(all.ToArray()));
        Assert.Equal(expected, Encoding.ASCII.GetString(frames[delimiterIndex + 1]));
    }

    [Fact]
    public void A_message_with_a_bad_signature_is_dropped_and_the_kernel_keeps_working()
    {
        using var client = JupyterTestClient.StartInProcess();
        var forged = JupyterMessage.Create("execute_request", "attacker", null, new JsonObject { ["code"] = "println(\"pwned\")", ["silent"] = false });
        var frames = forged.ToFrames(new MessageSigner("not-the-key"));
        client.Shell.SendMultipartBytes(frames);
        Assert.Null(client.TryReceive(client.Shell, TimeSpan.FromMilliseconds(700)));
        // Nothing ran: no IOPub traffic at all for it.
        Assert.Null(client.TryReceive(client.Iopub, TimeSpan.FromMilliseconds(100)));
        Assert.Contains("invalid signature", client.KernelLog);

        // Unsigned (empty signature) while a key is set: dropped too.
        var unsigned = forged.ToFrames(new MessageSigner(""));
        client.Shell.SendMultipartBytes(unsigned);
        Assert.Null(client.TryReceive(client.Shell, TimeSpan.FromMilliseconds(300)));
        Assert.Contains("unsigned message", client.KernelLog);

        var (reply, _) = client.Run("1 + 1");
        Assert.Equal("ok", Str(reply, "status"));
        Assert.Equal(1, reply.Content.GetProperty("execution_count").GetInt32()); // the forged cell never counted
    }

    [Fact]
    public void A_replayed_correctly_signed_message_runs_once()
    {
        using var client = JupyterTestClient.StartInProcess();
        var request = JupyterMessage.Create("execute_request", "client", null, new JsonObject
        {
            ["code"] = "println(\"once\")", ["silent"] = false, ["store_history"] = true,
            ["user_expressions"] = new JsonObject(), ["allow_stdin"] = false, ["stop_on_error"] = true,
        });
        var frames = request.ToFrames(client.Signer);
        client.Shell.SendMultipartBytes(frames);
        var reply = client.Receive(client.Shell);
        Assert.Equal(1, reply.Content.GetProperty("execution_count").GetInt32());

        // The same frames again, as an eavesdropper would send them: dropped and logged.
        client.Shell.SendMultipartBytes(frames);
        Assert.Null(client.TryReceive(client.Shell, TimeSpan.FromMilliseconds(700)));
        Assert.Contains("duplicate signature", client.KernelLog);

        var (next, _) = client.Run("1 + 1");
        Assert.Equal(2, next.Content.GetProperty("execution_count").GetInt32());
    }

    [Fact]
    public void Malformed_frames_are_logged_and_survived()
    {
        using var client = JupyterTestClient.StartInProcess();
        // No delimiter.
        client.Shell.SendMultipartBytes(Encoding.ASCII.GetBytes("garbage"), Encoding.ASCII.GetBytes("more"));
        // Too few frames after the delimiter.
        client.Shell.SendMultipartBytes(JupyterMessage.Delimiter, Encoding.ASCII.GetBytes(""));
        // Correctly signed, but the header is not JSON.
        byte[] badHeader = Encoding.UTF8.GetBytes("{not json"), empty = Encoding.UTF8.GetBytes("{}");
        string sig = client.Signer.Sign(badHeader, empty, empty, empty);
        client.Shell.SendMultipartBytes(JupyterMessage.Delimiter, Encoding.ASCII.GetBytes(sig), badHeader, empty, empty, empty);
        // On control as well.
        client.Control.SendMultipartBytes(Encoding.ASCII.GetBytes("garbage"));

        Assert.Null(client.TryReceive(client.Shell, TimeSpan.FromMilliseconds(500)));
        var (reply, _) = client.Request(client.Shell, "kernel_info_request");
        Assert.Equal("ok", Str(reply, "status"));
        var (control, _) = client.Request(client.Control, "kernel_info_request");
        Assert.Equal("ok", Str(control, "status"));
        string log = client.KernelLog;
        Assert.Contains("no <IDS|MSG> delimiter", log);
        Assert.Contains("expected at least 5", log);
        Assert.Contains("header is not valid JSON", log);
    }

    [Fact]
    public void Each_reply_goes_to_the_client_that_asked()
    {
        using var client = JupyterTestClient.StartInProcess();
        var a = client.Dealer("client-a");
        var b = client.Dealer("client-b");
        var requestA = client.Send(a, "execute_request", new JsonObject { ["code"] = "1 + 1", ["silent"] = false });
        var requestB = client.Send(b, "kernel_info_request");
        var replyA = client.Receive(a);
        var replyB = client.Receive(b);
        Assert.Equal(requestA.MsgId, JupyterTestClient.ParentId(replyA));
        Assert.Equal("execute_reply", replyA.MsgType);
        Assert.Equal(requestB.MsgId, JupyterTestClient.ParentId(replyB));
        Assert.Equal("kernel_info_reply", replyB.MsgType);
        Assert.Null(client.TryReceive(a, TimeSpan.FromMilliseconds(200)));
        Assert.Null(client.TryReceive(b, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void Complete_converts_cursor_positions_between_code_points_and_utf16()
    {
        using var client = JupyterTestClient.StartInProcess();
        // "😀" is two UTF-16 units: the text is 6 code points but 7 UTF-16 units; cursor_pos 6 is its end.
        var (reply, iopub) = client.Request(client.Shell, "complete_request", new JsonObject { ["code"] = "\"😀\".le", ["cursor_pos"] = 6 });
        Assert.Equal("complete_reply", reply.MsgType);
        Assert.Equal("ok", Str(reply, "status"));
        int start = reply.Content.GetProperty("cursor_start").GetInt32(), end = reply.Content.GetProperty("cursor_end").GetInt32();
        Assert.Equal(6, end);
        Assert.InRange(start, 0, 6);
        Assert.Equal(JsonValueKind.Array, reply.Content.GetProperty("matches").ValueKind);
        Assert.Equal(["status:busy", "status:idle"], JupyterTestClient.Types(iopub));
    }

    [Fact]
    public void Inspect_is_complete_and_comm_info_reply()
    {
        using var client = JupyterTestClient.StartInProcess();
        var (inspect, _) = client.Request(client.Shell, "inspect_request", new JsonObject { ["code"] = "println", ["cursor_pos"] = 3, ["detail_level"] = 0 });
        Assert.Equal("ok", Str(inspect, "status"));
        Assert.Equal(JsonValueKind.Object, inspect.Content.GetProperty("data").ValueKind);
        Assert.True(inspect.Content.TryGetProperty("found", out _));

        var (complete, _) = client.Request(client.Shell, "is_complete_request", new JsonObject { ["code"] = "1 + 1" });
        Assert.Contains(Str(complete, "status"), new[] { "complete", "incomplete", "invalid", "unknown" });

        var (comm, _) = client.Request(client.Shell, "comm_info_request", new JsonObject());
        Assert.Equal("ok", Str(comm, "status"));
        Assert.Equal("{}", comm.Content.GetProperty("comms").GetRawText());
    }

    [Fact]
    public void History_tail_range_and_search()
    {
        using var client = JupyterTestClient.StartInProcess();
        client.Run("1 + 1");
        client.Run("println(\"x\")");
        client.Run("2 + 2");

        var (tail, _) = client.Request(client.Shell, "history_request", new JsonObject { ["hist_access_type"] = "tail", ["n"] = 2, ["output"] = false, ["raw"] = true });
        var items = tail.Content.GetProperty("history");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal("[1,2,\"println(\\\"x\\\")\"]", items[0].GetRawText());
        Assert.Equal("[1,3,\"2 + 2\"]", items[1].GetRawText());

        var (withOutput, _) = client.Request(client.Shell, "history_request", new JsonObject { ["hist_access_type"] = "tail", ["n"] = 1, ["output"] = true, ["raw"] = true });
        Assert.Equal("[1,3,[\"2 + 2\",\"4\"]]", withOutput.Content.GetProperty("history")[0].GetRawText());

        var (range, _) = client.Request(client.Shell, "history_request", new JsonObject { ["hist_access_type"] = "range", ["session"] = 1, ["start"] = 1, ["stop"] = 2, ["output"] = false, ["raw"] = true });
        Assert.Equal("[[1,1,\"1 + 1\"]]", range.Content.GetProperty("history").GetRawText());

        var (search, _) = client.Request(client.Shell, "history_request", new JsonObject { ["hist_access_type"] = "search", ["pattern"] = "? + ?", ["output"] = false, ["raw"] = true, ["unique"] = true });
        Assert.Equal("[[1,1,\"1 + 1\"],[1,3,\"2 + 2\"]]", search.Content.GetProperty("history").GetRawText());
    }

    [Fact]
    public void Shutdown_on_control_replies_then_stops()
    {
        using var client = JupyterTestClient.StartInProcess();
        var request = client.Send(client.Control, "shutdown_request", new JsonObject { ["restart"] = false });
        var reply = client.Receive(client.Control);
        Assert.Equal("shutdown_reply", reply.MsgType);
        Assert.Equal(request.MsgId, JupyterTestClient.ParentId(reply));
        Assert.False(reply.Content.GetProperty("restart").GetBoolean());
        Assert.True(client.WaitForServerShutdown(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Heartbeat_echoes()
    {
        using var client = JupyterTestClient.StartInProcess();
        using var hb = new NetMQ.Sockets.RequestSocket();
        hb.Options.Linger = TimeSpan.Zero;
        hb.Connect($"tcp://127.0.0.1:{client.HbPort}");
        hb.SendFrame("ping");
        Assert.True(hb.TryReceiveFrameString(JupyterTestClient.Timeout, out string? echo));
        Assert.Equal("ping", echo);
    }
}
