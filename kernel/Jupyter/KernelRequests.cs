using System.Text.Json;
using System.Text.Json.Nodes;
using Ruchy.Notebook;

namespace Ruchy.Kernel.Jupyter;

/// <summary>
/// Answers shell and control requests with the notebook session. Shell requests run on the executor
/// thread one at a time; control requests run on the I/O thread so they are served while a cell runs.
/// Every request is wrapped in busy/idle status messages parented to it.
/// </summary>
internal sealed class KernelRequests(NotebookSession session, KernelMessenger messenger, TextWriter log)
{
    private readonly ExecutionHistory _history = new();

    /// <summary>Handles one shell request; true when it was an execute that failed with stop_on_error (the caller aborts what is queued).</summary>
    public bool HandleShell(JupyterMessage request)
    {
        messenger.Status(request.HeaderBytes, "busy");
        bool abortQueue = false;
        try
        {
            switch (request.MsgType)
            {
                case "execute_request": abortQueue = Execute(request); break;
                case "kernel_info_request": messenger.Reply(Channel.Shell, request, "kernel_info_reply", KernelInfo.Reply(session.Language)); break;
                case "complete_request": Complete(request); break;
                case "inspect_request": Inspect(request); break;
                case "is_complete_request": IsComplete(request); break;
                case "history_request": History(request); break;
                case "comm_info_request":
                    messenger.Reply(Channel.Shell, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
                    break;
                case "shutdown_request":
                    // Deprecated on shell since 5.4 but still sent by old clients; the server acts on the reply's type.
                    messenger.Reply(Channel.Shell, request, "shutdown_reply", ShutdownContent(request));
                    break;
                default:
                    log.WriteLine($"ruchy kernel: ignoring unknown shell message type '{request.MsgType}'");
                    break;
            }
        }
        catch (Exception ex)
        {
            // A bug in a handler must not take the kernel down or leave the client waiting forever.
            log.WriteLine($"ruchy kernel: {request.MsgType} failed: {ex}");
            messenger.Reply(Channel.Shell, request, ReplyType(request.MsgType), ErrorContent(ex.GetType().Name, ex.Message, [ex.ToString()]));
        }
        messenger.Status(request.HeaderBytes, "idle");
        return abortQueue;
    }

    /// <summary>The answer to an execute that stop_on_error cancelled before it ran.</summary>
    public void Abort(JupyterMessage request)
    {
        messenger.Status(request.HeaderBytes, "busy");
        messenger.Reply(Channel.Shell, request, "execute_reply", new JsonObject
        {
            ["status"] = "aborted",
            ["execution_count"] = session.ExecutionCount,
        });
        messenger.Status(request.HeaderBytes, "idle");
    }

    /// <summary>Handles one control request; true when the kernel should now shut down.</summary>
    public bool HandleControl(JupyterMessage request)
    {
        messenger.Status(request.HeaderBytes, "busy");
        bool shutdown = false;
        switch (request.MsgType)
        {
            case "interrupt_request":
                session.Interrupt();
                messenger.Reply(Channel.Control, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                break;
            case "shutdown_request":
                session.Interrupt();
                messenger.Reply(Channel.Control, request, "shutdown_reply", ShutdownContent(request));
                shutdown = true;
                break;
            case "kernel_info_request":
                messenger.Reply(Channel.Control, request, "kernel_info_reply", KernelInfo.Reply(session.Language));
                break;
            default:
                log.WriteLine($"ruchy kernel: ignoring unknown control message type '{request.MsgType}'");
                break;
        }
        messenger.Status(request.HeaderBytes, "idle");
        return shutdown;
    }

    private bool Execute(JupyterMessage request)
    {
        var c = request.Content;
        string code = GetString(c, "code") ?? "";
        bool silent = GetBool(c, "silent", false);
        bool storeHistory = !silent && GetBool(c, "store_history", true);
        bool stopOnError = GetBool(c, "stop_on_error", true);

        if (!silent)
            messenger.Publish("execute_input", request.HeaderBytes, new JsonObject
            {
                ["code"] = code,
                ["execution_count"] = session.ExecutionCount + (storeHistory ? 1 : 0),
            });

        ICellOutput output = silent ? DiscardOutput.Instance : new IopubOutput(messenger, request.HeaderBytes);
        CellResult result;
        try { result = session.Execute(code, output, storeHistory); }
        catch (Exception ex)
        {
            log.WriteLine($"ruchy kernel: the session threw while executing: {ex}");
            result = CellResult.Failed(new CellError("InternalError", ex.Message, [ex.GetType().Name + ": " + ex.Message]));
        }
        int count = session.ExecutionCount;
        if (storeHistory) _history.Add(count, code, result.Value?.PlainText);

        if (result.Status == CellStatus.Ok)
        {
            if (result.Value != null && !silent)
                messenger.Publish("execute_result", request.HeaderBytes, new JsonObject
                {
                    ["execution_count"] = count,
                    ["data"] = MimeData.ToJson(result.Value),
                    ["metadata"] = new JsonObject(),
                });
            messenger.Reply(Channel.Shell, request, "execute_reply", new JsonObject
            {
                ["status"] = "ok",
                ["execution_count"] = count,
                ["payload"] = new JsonArray(),
                ["user_expressions"] = new JsonObject(),
            });
            return false;
        }

        var error = result.Error ?? new CellError(
            result.Status == CellStatus.Interrupted ? "Interrupted" : "Error",
            result.Status == CellStatus.Interrupted ? "execution interrupted" : "the cell failed", []);
        // Frontends show only the traceback, so it must carry the name and message when the session gave none.
        IReadOnlyList<string> traceback = error.Traceback.Count > 0 ? error.Traceback : [error.Name + ": " + error.Message];
        if (!silent)
            messenger.Publish("error", request.HeaderBytes, ErrorFields(error.Name, error.Message, traceback));
        var reply = ErrorContent(error.Name, error.Message, traceback);
        reply["execution_count"] = count;
        reply["payload"] = new JsonArray();
        reply["user_expressions"] = new JsonObject();
        messenger.Reply(Channel.Shell, request, "execute_reply", reply);
        return stopOnError;
    }

    private void Complete(JupyterMessage request)
    {
        string code = GetString(request.Content, "code") ?? "";
        int cursor = CodePointOffsets.ToUtf16(code, GetInt(request.Content, "cursor_pos") ?? CodePointOffsets.ToCodePoints(code, code.Length));
        var result = session.Complete(code, cursor);
        int start = CodePointOffsets.ToCodePoints(code, result.CursorStart), end = CodePointOffsets.ToCodePoints(code, result.CursorEnd);
        var matches = new JsonArray();
        var types = new JsonArray();
        foreach (var m in result.Matches)
        {
            matches.Add(m.Text);
            var type = new JsonObject { ["start"] = start, ["end"] = end, ["text"] = m.Text, ["type"] = m.Kind };
            if (m.Detail != null) type["signature"] = m.Detail;
            types.Add(type);
        }
        messenger.Reply(Channel.Shell, request, "complete_reply", new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = matches,
            ["cursor_start"] = start,
            ["cursor_end"] = end,
            ["metadata"] = new JsonObject { ["_jupyter_types_experimental"] = types },
        });
    }

    private void Inspect(JupyterMessage request)
    {
        string code = GetString(request.Content, "code") ?? "";
        int cursor = CodePointOffsets.ToUtf16(code, GetInt(request.Content, "cursor_pos") ?? 0);
        var result = session.Inspect(code, cursor, GetInt(request.Content, "detail_level") ?? 0);
        messenger.Reply(Channel.Shell, request, "inspect_reply", new JsonObject
        {
            ["status"] = "ok",
            ["found"] = result.Found && result.Data != null,
            ["data"] = result.Found && result.Data != null ? MimeData.ToJson(result.Data) : new JsonObject(),
            ["metadata"] = new JsonObject(),
        });
    }

    private void IsComplete(JupyterMessage request)
    {
        var result = session.IsComplete(GetString(request.Content, "code") ?? "");
        var content = new JsonObject
        {
            ["status"] = result.Status switch
            {
                Completeness.Complete => "complete",
                Completeness.Incomplete => "incomplete",
                Completeness.Invalid => "invalid",
                _ => "unknown",
            },
        };
        if (result.Status == Completeness.Incomplete) content["indent"] = result.Indent;
        messenger.Reply(Channel.Shell, request, "is_complete_reply", content);
    }

    private void History(JupyterMessage request)
    {
        var c = request.Content;
        bool output = GetBool(c, "output", false);
        List<HistoryEntry> entries = GetString(c, "hist_access_type") switch
        {
            "tail" => _history.Tail(GetInt(c, "n") ?? 10),
            "range" => _history.Range(GetInt(c, "session") ?? 0, GetInt(c, "start") ?? 0, GetInt(c, "stop")),
            "search" => _history.Search(GetString(c, "pattern") ?? "*", GetInt(c, "n"), GetBool(c, "unique", false)),
            _ => new List<HistoryEntry>(),
        };
        var items = new JsonArray();
        foreach (var e in entries)
        {
            JsonNode? input = output ? new JsonArray { e.Input, e.Output } : JsonValue.Create(e.Input);
            items.Add(new JsonArray { ExecutionHistory.Session, e.Line, input });
        }
        messenger.Reply(Channel.Shell, request, "history_reply", new JsonObject { ["status"] = "ok", ["history"] = items });
    }

    private static JsonObject ShutdownContent(JupyterMessage request) =>
        new() { ["status"] = "ok", ["restart"] = GetBool(request.Content, "restart", false) };

    private static JsonObject ErrorFields(string name, string message, IReadOnlyList<string> traceback)
    {
        var lines = new JsonArray();
        foreach (var line in traceback) lines.Add(line);
        return new JsonObject { ["ename"] = name, ["evalue"] = message, ["traceback"] = lines };
    }

    private static JsonObject ErrorContent(string name, string message, IReadOnlyList<string> traceback)
    {
        var content = ErrorFields(name, message, traceback);
        content["status"] = "error";
        return content;
    }

    private static string ReplyType(string requestType) =>
        requestType.EndsWith("_request", StringComparison.Ordinal) ? requestType[..^"_request".Length] + "_reply" : requestType + "_reply";

    private static string? GetString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool GetBool(JsonElement obj, string name, bool fallback) =>
        obj.TryGetProperty(name, out var v) ? v.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => fallback } : fallback;

    private static int? GetInt(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : null;
}
