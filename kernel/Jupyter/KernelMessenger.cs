using System.Text;
using System.Text.Json.Nodes;

namespace Ruchy.Kernel.Jupyter;

public enum Channel { Shell, Control, Stdin, Iopub }

/// <summary>
/// Builds, signs and posts the kernel's outgoing messages. Posting is the server's job (directly on
/// the I/O thread, through a queue from others), so any thread may call these methods.
/// </summary>
internal sealed class KernelMessenger(string session, MessageSigner signer, Action<Channel, List<byte[]>> post)
{
    public string Session { get; } = session;

    public void Publish(string msgType, byte[]? parentHeader, JsonObject content)
    {
        var message = JupyterMessage.Create(msgType, Session, parentHeader, content);
        // The topic frame is informational; clients subscribe to everything.
        post(Channel.Iopub, message.ToFrames(signer, Encoding.ASCII.GetBytes("kernel." + Session + "." + msgType)));
    }

    public void Status(byte[]? parentHeader, string state) =>
        Publish("status", parentHeader, new JsonObject { ["execution_state"] = state });

    /// <summary>A reply routed back to the request's sender: same identities, parent = the request's header.</summary>
    public void Reply(Channel channel, JupyterMessage request, string msgType, JsonObject content)
    {
        var message = JupyterMessage.Create(msgType, Session, request.HeaderBytes, content, request.Identities);
        post(channel, message.ToFrames(signer));
    }
}
