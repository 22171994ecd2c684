using System.Text.RegularExpressions;

namespace AsnCat.Server.Tests.Architecture;

/// <summary>
/// The shape of the source tree (STYLE.md, "The shape of AsnCat"): every namespace is its folder
/// (in every project: src, tests, bench),
/// and the server's feature folders never import each other in a circle, read from their
/// <c>using</c> lines, so a change to one feature stays in one folder.
/// </summary>
public sealed partial class LayoutTests
{
    private static readonly string Src = Path.Combine(TestPaths.RepoRoot, "src");

    private static readonly string Server = Path.Combine(Src, "AsnCat.Server");

    private static readonly string[] ProjectRoots = ["src", "tests", "bench"];

    [Fact]
    public void Every_type_sits_in_the_namespace_of_its_folder()
    {
        var wrong = new List<string>();
        var projects = ProjectRoots
            .SelectMany(top => Directory.GetDirectories(Path.Combine(TestPaths.RepoRoot, top)))
            .Where(dir => Directory.EnumerateFiles(dir, "*.csproj").Any())
            .ToList();
        Assert.True(projects.Count >= 10, "the projects were not found under " + TestPaths.RepoRoot);
        foreach (var project in projects)
        {
            var name = Path.GetFileName(project);
            foreach (var file in SourceFiles(project, "*.cs"))
            {
                var folder = Path.GetRelativePath(project, Path.GetDirectoryName(file)!);
                var expected = folder == "." ? name : name + "." + folder.Replace(Path.DirectorySeparatorChar, '.');
                var declared = Namespace().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).ToList();
                if (declared.Count == 0 && Path.GetFileName(file) == "Program.cs" && folder == ".")
                {
                    continue;   // top-level statements
                }
                if (declared.Count != 1 || declared[0] != expected)
                {
                    wrong.Add($"{Path.GetRelativePath(TestPaths.RepoRoot, file)}: namespace {string.Join(", ", declared)}, folder says {expected}");
                }
            }
            // a component's namespace is its folder's unless a directive says otherwise
            wrong.AddRange(SourceFiles(project, "*.razor")
                .Where(f => RazorNamespace().IsMatch(File.ReadAllText(f)))
                .Select(f => $"{Path.GetRelativePath(TestPaths.RepoRoot, f)}: @namespace overrides the folder"));
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public void No_source_file_under_src_is_over_450_lines_generated_migrations_aside()
    {
        var tooLong = Directory.GetDirectories(Src)
            .SelectMany(p => SourceFiles(p, "*.cs").Concat(SourceFiles(p, "*.razor")))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "Migrations" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(Src, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > 450)
            .Select(f => $"{f.File}: {f.Lines} lines")
            .ToList();
        Assert.Empty(tooLong);
    }

    [Fact]
    public void No_feature_folders_of_the_server_import_each_other_in_a_circle()
    {
        var imports = FolderImports();
        Assert.True(imports.Count >= 10, "the server's folders were not found under " + Server);
        Assert.Empty(Circles(imports));
    }

    [Fact]
    public void The_circle_check_finds_a_circle_when_there_is_one()
    {
        var imports = new Dictionary<string, HashSet<string>>
        {
            ["Exam"] = ["Data", "Live"],
            ["Live"] = ["Results"],
            ["Results"] = ["Exam"],
            ["Data"] = [],
        };
        Assert.Equal(["Exam -> Live -> Results -> Exam"], Circles(imports));
    }

    /// <summary>Each top-level folder of the server and the other top-level folders its files import.</summary>
    private static Dictionary<string, HashSet<string>> FolderImports()
    {
        var imports = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var folder in Directory.GetDirectories(Server).Select(Path.GetFileName).OfType<string>())
        {
            if (folder is "obj" or "bin" or "wwwroot" or "Properties")
            {
                continue;
            }
            var used = imports[folder] = new HashSet<string>(StringComparer.Ordinal);
            var files = SourceFiles(Path.Combine(Server, folder), "*.cs").Concat(SourceFiles(Path.Combine(Server, folder), "*.razor"));
            foreach (var file in files)
            {
                foreach (Match m in ServerUsing().Matches(File.ReadAllText(file)))
                {
                    if (m.Groups[1].Value != folder)
                    {
                        used.Add(m.Groups[1].Value);
                    }
                }
            }
        }
        return imports;
    }

    /// <summary>Every circle, each once, as <c>A -> B -> ... -> A</c> starting from its smallest name.</summary>
    private static List<string> Circles(Dictionary<string, HashSet<string>> imports)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var start in imports.Keys)
        {
            Walk(start, [start]);
        }
        return [.. found];

        void Walk(string at, List<string> path)
        {
            foreach (var next in imports.GetValueOrDefault(at) ?? [])
            {
                if (next == path[0])
                {
                    if (path.Min(StringComparer.Ordinal) == path[0])
                    {
                        found.Add(string.Join(" -> ", path.Append(path[0])));
                    }
                }
                else if (!path.Contains(next) && imports.ContainsKey(next))
                {
                    Walk(next, [.. path, next]);
                }
            }
        }
    }

    private static IEnumerable<string> SourceFiles(string root, string pattern) =>
        Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"));

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*[;{]", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^@namespace\s", RegexOptions.Multiline)]
    private static partial Regex RazorNamespace();

    [GeneratedRegex(@"^@?(?:global\s+)?using\s+(?:static\s+)?AsnCat\.Server\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex ServerUsing();
}
