using System.Reflection;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;

namespace AsnCat.Contracts.Tests;

/// <summary>
/// A third-party client references AsnCat.Contracts and a SignalR client, nothing of the server:
/// no assembly of ASP.NET Core, EF Core or Hangfire may be reachable from it.
/// </summary>
public sealed class DependencyClosureTests
{
    private static readonly string[] Forbidden = ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Hangfire"];

    [Fact]
    public void ContractsReachNoAspNetCoreEfCoreOrHangfireAssembly()
    {
        var closure = Closure(typeof(LiveBoard).Assembly);

        var offending = closure.Where(IsForbidden).Select(n => n.FullName).Order(StringComparer.Ordinal).ToList();
        Assert.True(offending.Count == 0, "AsnCat.Contracts reaches: " + string.Join(", ", offending));
    }

    [Fact]
    public void BothHubContractsLiveInTheContractsAssembly()
    {
        Assert.Same(typeof(LiveBoard).Assembly, typeof(IExamHub).Assembly);
        Assert.Equal("AsnCat.Contracts", typeof(IExamHub).Assembly.GetName().Name);
    }

    [Fact]
    public void ClosureWalkFollowsReferencesTransitively()
    {
        // the live row's wire names come from System.Text.Json; the walk must see it, and CoreLib
        // only through System.Runtime (a reference of a reference)
        var names = Closure(typeof(LiveBoard).Assembly).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("System.Text.Json", names);
        Assert.Contains("System.Private.CoreLib", names);
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.SignalR.Core", true)]
    [InlineData("Microsoft.EntityFrameworkCore", true)]
    [InlineData("Hangfire.Core", true)]
    [InlineData("System.Text.Json", false)]
    [InlineData("Microsoft.Extensions.Logging.Abstractions", false)]
    public void ForbiddenNamesAreTheServerFrameworks(string name, bool forbidden) =>
        Assert.Equal(forbidden, IsForbidden(new AssemblyName(name)));

    private static bool IsForbidden(AssemblyName name) =>
        Forbidden.Any(f => name.Name is { } n && (n == f || n.StartsWith(f + ".", StringComparison.Ordinal)));

    /// <summary>Every assembly reachable from <paramref name="root"/> by its references, itself excluded.</summary>
    private static List<AssemblyName> Closure(Assembly root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { root.GetName().Name! };
        var found = new List<AssemblyName>();
        var pending = new Stack<Assembly>([root]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (!seen.Add(reference.Name!))
                {
                    continue;
                }
                found.Add(reference);
                // a forbidden name fails the test whether or not it can be loaded here
                if (!IsForbidden(reference))
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }
        return found;
    }
}
