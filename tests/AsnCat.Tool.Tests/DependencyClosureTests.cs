using System.Reflection;
using System.Text.Json;
using AsnCat.Tool.Verification;
namespace AsnCat.Tool.Tests;

/// <summary>
/// An auditor runs AsnCat.Tool with no server: no ASP.NET Core, EF Core or Hangfire assembly may
/// enter its dependency closure, directly or through another package.
/// </summary>
public sealed class DependencyClosureTests
{
    private static readonly string[] Forbidden = ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Hangfire"];

    private static bool IsForbidden(string name) =>
        Forbidden.Any(f => name.Equals(f, StringComparison.OrdinalIgnoreCase) || name.StartsWith(f + ".", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void No_assembly_the_tool_references_directly_or_transitively_is_aspnetcore_efcore_or_hangfire()
    {
        var tool = typeof(BundleVerifier).Assembly;
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [tool.GetName().Name!] = "" };
        var pending = new Queue<Assembly>([tool]);
        var offending = new List<string>();
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                var name = reference.Name!;
                if (!seen.TryAdd(name, assembly.GetName().Name!))
                {
                    continue;
                }
                if (IsForbidden(name))
                {
                    offending.Add($"{name} (referenced by {assembly.GetName().Name})");
                    continue;
                }
                // an assembly that cannot be loaded is not in the tool's deployment and so not in its closure
                if (TryLoad(reference) is { } loaded)
                {
                    pending.Enqueue(loaded);
                }
            }
        }
        Assert.Empty(offending);
        // the walk really went through the tool's own dependencies
        Assert.Contains("AsnCat.Scoring", seen.Keys);
        Assert.Contains("YamlDotNet", seen.Keys);
        Assert.Contains("System.CommandLine", seen.Keys);
    }

    [Fact]
    public void The_tools_deployment_lists_no_aspnetcore_efcore_or_hangfire_package_or_shared_framework()
    {
        // written beside the test binaries from the tool's build: every package and framework it runs with
        var dir = AppContext.BaseDirectory;
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "AsnCat.Tool.deps.json")));
        using var runtime = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "AsnCat.Tool.runtimeconfig.json")));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();
        var options = runtime.RootElement.GetProperty("runtimeOptions");
        var frameworks = (options.TryGetProperty("frameworks", out var many) ? many.EnumerateArray().ToList() : [options.GetProperty("framework")])
            .Select(f => f.GetProperty("name").GetString()!).ToList();

        Assert.Contains("YamlDotNet", libraries);
        Assert.Equal(["Microsoft.NETCore.App"], frameworks);
        Assert.DoesNotContain(libraries, IsForbidden);
    }

    private static Assembly? TryLoad(AssemblyName name)
    {
        try
        {
            return Assembly.Load(name);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
