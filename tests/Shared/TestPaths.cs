namespace AsnCat.Tests;

internal static class TestPaths
{
    /// <summary>The repository root: the folder above the test binaries holding AsnCat.sln.</summary>
    public static string RepoRoot { get; } = FindRoot();

    public static string QuestionBanks => Path.Combine(RepoRoot, "question-banks");

    public static string SampleBank => Path.Combine(QuestionBanks, "skd-contoh");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AsnCat.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("AsnCat.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder removed when disposed.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "asncat-test-" + Guid.NewGuid().ToString("N"));

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content.ReplaceLineEndings("\n"));
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temp folder is harmless
        }
    }
}
