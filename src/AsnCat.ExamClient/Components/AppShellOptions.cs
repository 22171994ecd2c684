using System.Reflection;

namespace AsnCat.ExamClient.Components;

/// <summary>
/// What a host adds to the terminal's document: further assemblies with routable pages (the
/// committee console of the exam server) and their stylesheets. Empty for a terminal-only host.
/// </summary>
public sealed class AppShellOptions
{
    public List<Assembly> AdditionalAssemblies { get; } = [];

    /// <summary>Static asset paths, linked after the terminal's own stylesheet.</summary>
    public List<string> Stylesheets { get; } = [];
}
