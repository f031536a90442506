namespace Ruchy.Notebook;

/// <summary>
/// One value in several representations, keyed by MIME type (<c>text/plain</c> always, then
/// <c>text/html</c>, <c>image/png</c> as base64, <c>image/svg+xml</c>, …), the shape both Jupyter's
/// <c>data</c> and .NET Interactive's formatted values take.
/// </summary>
public sealed class MimeBundle
{
    private readonly List<KeyValuePair<string, string>> _items = new();

    public MimeBundle(string plainText) => _items.Add(new("text/plain", plainText));

    public IReadOnlyList<KeyValuePair<string, string>> Items => _items;

    public string PlainText => _items[0].Value;

    public MimeBundle With(string mimeType, string content)
    {
        for (int i = 0; i < _items.Count; i++)
            if (_items[i].Key == mimeType)
            {
                _items[i] = new(mimeType, content);
                return this;
            }
        _items.Add(new(mimeType, content));
        return this;
    }

    public string? Get(string mimeType)
    {
        foreach (var item in _items)
            if (item.Key == mimeType) return item.Value;
        return null;
    }

    public override string ToString() => PlainText;
}
