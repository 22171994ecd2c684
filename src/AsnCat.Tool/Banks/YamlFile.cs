using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AsnCat.Tool.Banks;

/// <summary>One problem in a bank, blueprint or threshold file, printed as <c>path:line: message</c>.</summary>
public sealed record FileError(string Path, int Line, string Message)
{
    public override string ToString() => $"{Path}:{Line}: {Message}";
}

/// <summary>
/// Reads hand-written YAML with line numbers kept, so every complaint can name its line.
/// Collects problems instead of throwing; callers import nothing when any were found.
/// </summary>
internal sealed class YamlFile(string path, List<FileError> errors)
{
    public string Path { get; } = path;

    public List<FileError> Errors { get; } = errors;

    /// <summary>How deep a file's YAML may nest; the deepest real item (options holding images, tables) needs under 10.</summary>
    public const int MaxDepth = 64;

    public YamlMappingNode? LoadRoot(string text)
    {
        try
        {
            // the tree below is built recursively: a few kilobytes of [[[[... from an uploaded bank or
            // a bundle to verify would overflow the stack and take the whole process down; the
            // parser itself is iterative, so it measures the depth first
            if (TooDeep(text) is { } line)
            {
                Error(line, $"YAML bersarang lebih dari {MaxDepth} tingkat; berkas ditolak");
                return null;
            }
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                Error(1, "berkas kosong");
                return null;
            }
            if (stream.Documents[0].RootNode is YamlMappingNode root)
            {
                return root;
            }
            Error(stream.Documents[0].RootNode, "isi berkas harus berupa pemetaan (kunci: nilai)");
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message ?? e.Message;
            Error((int)e.Start.Line, $"YAML tidak valid: {Trim(inner)}");
        }
        return null;
    }

    /// <summary>The line where nesting first exceeds <see cref="MaxDepth"/>; null when it never does.</summary>
    private static int? TooDeep(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is YamlDotNet.Core.Events.SequenceStart or YamlDotNet.Core.Events.MappingStart && ++depth > MaxDepth)
            {
                return (int)parser.Current.Start.Line;
            }
            if (parser.Current is YamlDotNet.Core.Events.SequenceEnd or YamlDotNet.Core.Events.MappingEnd)
            {
                depth--;
            }
        }
        return null;
    }

    public void Error(int line, string message) => Errors.Add(new FileError(Path, Math.Max(line, 1), message));

    public void Error(YamlNode node, string message) => Error((int)node.Start.Line, message);

    /// <summary>Reports keys not in <paramref name="allowed"/> (a typo must not silently drop data).</summary>
    public void OnlyKeys(YamlMappingNode map, string what, params string[] allowed)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name))
            {
                Error(key, $"kunci '{name}' tidak dikenal pada {what} (yang boleh: {string.Join(", ", allowed)})");
            }
        }
    }

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    /// <summary>A required, non-empty scalar; reports and returns null when missing.</summary>
    public string? Text(YamlMappingNode map, string key, string what, bool required = true)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required)
            {
                Error(map, $"{what}: '{key}' wajib diisi");
            }
            return null;
        }
        if (node is not YamlScalarNode scalar)
        {
            Error(node, $"{what}: '{key}' harus berupa teks");
            return null;
        }
        var value = scalar.Value?.Trim() ?? "";
        if (value.Length == 0)
        {
            if (required)
            {
                Error(node, $"{what}: '{key}' tidak boleh kosong");
            }
            return null;
        }
        return value;
    }

    public int? Int(YamlMappingNode map, string key, string what, bool required = true)
    {
        var text = Text(map, key, what, required);
        if (text is null)
        {
            return null;
        }
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }
        Error(Get(map, key)!, $"{what}: '{key}' harus bilangan bulat, bukan '{text}'");
        return null;
    }

    public YamlMappingNode? Map(YamlMappingNode map, string key, string what, bool required = true)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required)
            {
                Error(map, $"{what}: '{key}' wajib diisi");
            }
            return null;
        }
        if (node is YamlMappingNode m)
        {
            return m;
        }
        Error(node, $"{what}: '{key}' harus berupa pemetaan (kunci: nilai)");
        return null;
    }

    public YamlSequenceNode? Seq(YamlMappingNode map, string key, string what, bool required = true)
    {
        var node = Get(map, key);
        if (node is null)
        {
            if (required)
            {
                Error(map, $"{what}: '{key}' wajib diisi");
            }
            return null;
        }
        if (node is YamlSequenceNode s)
        {
            return s;
        }
        Error(node, $"{what}: '{key}' harus berupa daftar");
        return null;
    }

    private static string Trim(string message)
    {
        var i = message.IndexOf("):", StringComparison.Ordinal);
        return (i > 0 && message.StartsWith('(') ? message[(i + 2)..] : message).Trim();
    }
}
