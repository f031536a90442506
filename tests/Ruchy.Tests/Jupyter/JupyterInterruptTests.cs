using System.Text.Json.Nodes;
using Ruchy.Kernel.Jupyter;

namespace Ruchy.Tests.Jupyter;

/// <summary>
/// interrupt_request during an endless cell. The kernel runs out of process so the test can kill
/// it whatever happens to the cell (a runaway loop in the test host would burn a core for the rest
/// of the run).
/// </summary>
public class JupyterInterruptTests
{
    [Fact]
    public void Control_is_served_while_an_endless_cell_runs_and_interrupt_replies_ok()
    {
        using var client = JupyterTestClient.StartOutOfProcess();
        var cell = client.Execute("loop { }");
        // The cell is running once its execute_input is out.
        var deadline = DateTime.UtcNow + JupyterTestClient.Timeout;
        bool running = false;
        while (!running && DateTime.UtcNow < deadline)
        {
            var m = client.TryReceive(client.Iopub, deadline - DateTime.UtcNow);
            running = m != null && m.MsgType == "execute_input" && JupyterTestClient.ParentId(m) == cell.MsgId;
        }
        Assert.True(running, "the endless cell never started; kernel log:\n" + client.KernelLog);

        // Control answers while the executor is busy: kernel_info, then the interrupt itself.
        var (info, infoIopub) = client.Request(client.Control, "kernel_info_request");
        Assert.Equal("ok", info.Content.GetProperty("status").GetString());
        Assert.Equal(["status:busy", "status:idle"], JupyterTestClient.Types(infoIopub));

        var interrupt = client.Send(client.Control, "interrupt_request", new JsonObject());
        var reply = client.TryReceive(client.Control, TimeSpan.FromSeconds(2));
        Assert.NotNull(reply);
        Assert.Equal("interrupt_reply", reply.MsgType);
        Assert.Equal(interrupt.MsgId, JupyterTestClient.ParentId(reply));
        Assert.Equal("ok", reply.Content.GetProperty("status").GetString());

        // The session stops the running cell: the execute_reply arrives within 2 s as an "Interrupted" error.
        var executeReply = client.TryReceive(client.Shell, TimeSpan.FromSeconds(2));
        Assert.NotNull(executeReply);
        {
            Assert.Equal(cell.MsgId, JupyterTestClient.ParentId(executeReply));
            Assert.Equal("error", executeReply.Content.GetProperty("status").GetString());
            Assert.Equal("Interrupted", executeReply.Content.GetProperty("ename").GetString());
            var (after, _) = client.Run("1 + 1");
            Assert.Equal("ok", after.Content.GetProperty("status").GetString());
        }

        // Still responsive to control, and heartbeats, after the interrupt.
        var (again, _) = client.Request(client.Control, "kernel_info_request");
        Assert.Equal("kernel_info_reply", again.MsgType);
        Assert.False(client.KernelExited);
    }
}
