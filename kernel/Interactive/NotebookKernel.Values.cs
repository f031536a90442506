using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.ValueSharing;
using Ruchy.Values;

namespace RuchyLab.Interactive;

/// <summary>
/// Value sharing: the variables view (RequestValueInfos), <c>#!set --value @ruchy:x</c> in other kernels
/// (RequestValue) and <c>#!set --name x --value @csharp:y</c> in Ruchy cells (SendValue), through JSON.
/// </summary>
public abstract partial class NotebookKernel :
    IKernelCommandHandler<RequestValueInfos>,
    IKernelCommandHandler<RequestValue>,
    IKernelCommandHandler<SendValue>
{
    public Task HandleAsync(RequestValueInfos command, KernelInvocationContext context)
    {
        string mimeType = command.MimeType ?? "text/plain+summary";
        var infos = new List<KernelValueInfo>();
        foreach (var v in Session.Variables())
            infos.Add(new KernelValueInfo(v.Name, new FormattedValue(mimeType, v.Summary), typeof(Value), v.TypeName));
        context.Publish(new ValueInfosProduced(infos, command));
        return Task.CompletedTask;
    }

    public Task HandleAsync(RequestValue command, KernelInvocationContext context)
    {
        if (!Session.Ruchy.TryGetVariable(command.Name, out var value))
        {
            context.Fail(command, message: $"no variable '{command.Name}' in the {Name} kernel");
            return Task.CompletedTask;
        }
        string mimeType = command.MimeType ?? JsonValues.MimeType;
        string text = mimeType == JsonValues.MimeType ? JsonValues.ToJson(value) : ValueFormatter.Display(value);
        context.Publish(new ValueProduced(JsonValues.ToObject(value), command.Name, new FormattedValue(mimeType, text), command));
        return Task.CompletedTask;
    }

    public async Task HandleAsync(SendValue command, KernelInvocationContext context)
    {
        Value value;
        try
        {
            value = command.FormattedValue is { MimeType: JsonValues.MimeType } json
                ? JsonValues.FromJson(json.Value)
                : command.Value != null ? JsonValues.FromObject(command.Value)
                : Value.FromString(command.FormattedValue?.Value ?? "");
        }
        catch (System.Text.Json.JsonException e)
        {
            context.Fail(command, message: $"#!set {command.Name}: the value is not JSON the {Name} kernel can read: {e.Message}");
            return;
        }
        try
        {
            // On the session thread: a variable must not change under a running cell.
            await _thread.Run(() => Session.Ruchy.SetVariable(command.Name, value));
        }
        catch (ArgumentException e)
        {
            context.Fail(command, message: $"#!set --name {command.Name}: {e.Message}");
        }
    }
}
