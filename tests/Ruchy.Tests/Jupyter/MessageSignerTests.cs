using System.Text;
using Ruchy.Kernel.Jupyter;

namespace Ruchy.Tests.Jupyter;

public class MessageSignerTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    // Expected digests computed independently with Python's hmac module:
    //   /usr/bin/python3 -c 'import hmac,hashlib; print(hmac.new(KEY.encode("utf-8"),
    //       (HEADER+PARENT+METADATA+CONTENT).encode("utf-8"), hashlib.sha256).hexdigest())'
    [Theory]
    [InlineData("secret", "{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}", "{}", "{}", "{}",
        "0fca6e189cdcc0095e523565e0900c86cd24e5e0bfab2105ab98d33a07a29a4e")]
    // The key is used as UTF-8 bytes, never hex-decoded; content with non-ASCII text.
    [InlineData("ключ🔑", "{\"msg_type\":\"execute_request\"}", "{}", "{}", "{\"code\":\"println(\\\"héllo 😀\\\")\"}",
        "8345c37daec6f92a50cad5d78bbcd8e44d98a1024cd7bca8b5b1afdfcaf091eb")]
    // The header of dotnet/interactive's KernelInfoReply contract test with key "key", parent/metadata/content {}.
    [InlineData("key", "{\"msg_id\":\"00000000-0000-0000-0000-000000000000\",\"username\":\"dotnet_kernel\",\"session\":\"test session\",\"date\":\"0001-01-01T00:00:00Z\",\"msg_type\":\"kernel_info_reply\",\"version\":\"5.3\"}", "{}", "{}", "{}",
        "cc3820f49dc86f968a120defc01ed0cd55e1d8cd6365e0d1caf5d62756d88b6b")]
    public void Sign_matches_python_hmac(string key, string header, string parent, string metadata, string content, string expected)
    {
        var signer = new MessageSigner(key);
        Assert.Equal(expected, signer.Sign(B(header), B(parent), B(metadata), B(content)));
        Assert.True(signer.Verify(B(expected), B(header), B(parent), B(metadata), B(content)));
        Assert.True(signer.Verify(B(expected.ToUpperInvariant()), B(header), B(parent), B(metadata), B(content)));
    }

    [Fact]
    public void Verify_rejects_wrong_missing_and_malformed_signatures()
    {
        var signer = new MessageSigner("secret");
        byte[] h = B("{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}"), e = B("{}");
        string good = signer.Sign(h, e, e, e);
        Assert.False(signer.Verify(B(good[..^1] + (good[^1] == '0' ? '1' : '0')), h, e, e, e));
        Assert.False(signer.Verify([], h, e, e, e));
        Assert.False(signer.Verify(B(good[..^2]), h, e, e, e));
        Assert.False(signer.Verify(B(new string('z', 64)), h, e, e, e));
        // Signed bytes are exact: the same JSON with a space is another message.
        Assert.False(signer.Verify(B(good), B("{\"msg_id\": \"1\",\"msg_type\":\"kernel_info_request\"}"), e, e, e));
    }

    [Fact]
    public void Empty_key_means_no_signing()
    {
        var signer = new MessageSigner("");
        Assert.False(signer.Enabled);
        Assert.Equal("", signer.Sign(B("{}"), B("{}"), B("{}"), B("{}")));
        Assert.True(signer.Verify([], B("{}"), B("{}"), B("{}"), B("{}")));
    }

    [Fact]
    public void RecordReceived_refuses_a_signature_seen_before_within_the_window()
    {
        var signer = new MessageSigner("secret", historySize: 3);
        string[] sigs = ["a1", "b2", "c3", "d4"];
        Assert.True(signer.RecordReceived(B(sigs[0])));
        Assert.False(signer.RecordReceived(B(sigs[0])));
        Assert.False(signer.RecordReceived(B(sigs[0].ToUpperInvariant()))); // hex is case-insensitive
        Assert.True(signer.RecordReceived(B(sigs[1])));
        Assert.True(signer.RecordReceived(B(sigs[2])));
        Assert.True(signer.RecordReceived(B(sigs[3])));
        // The window holds the last three: the oldest fell out, the others are still refused.
        Assert.True(signer.RecordReceived(B(sigs[0])));
        Assert.False(signer.RecordReceived(B(sigs[3])));
    }

    [Fact]
    public void RecordReceived_without_a_key_accepts_everything()
    {
        var signer = new MessageSigner("");
        Assert.True(signer.RecordReceived([]));
        Assert.True(signer.RecordReceived([]));
    }
}
