using System.CommandLine;
using AsnCat.Tool.Banks;
namespace AsnCat.Tool.Commands;

/// <summary>
/// The commands for committees and auditors, no server and no database needed:
/// <c>bank validate</c>, <c>bank analyze</c>, <c>rank</c>, <c>sets generate</c>, <c>verify</c>. Results go to stdout, problems
/// to stderr, logs nowhere, so the output can be piped. Run by AsnCat.Tool and, with the same
/// verbs, by the server's executable.
/// </summary>
public static class CommandLine
{
    /// <summary>The root command's description when AsnCat.Tool runs it.</summary>
    public const string ToolDescription = "AsnCat: alat pemeriksa bank soal, perangkat soal, peringkat dan bundel hasil, tanpa server dan basis data.";

    private static readonly string[] Verbs = ["bank", "rank", "sets", "verify", "--help", "-h", "-?", "--version"];

    /// <summary>Whether the arguments name a command (otherwise the server's executable starts the web server).</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    /// <param name="description">What <c>--help</c> says the executable is.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string description = ToolDescription)
    {
        var root = new RootCommand(description);
        root.Subcommands.Add(BankCommands.Build(stdout, stderr));
        root.Subcommands.Add(RankCommand.Build(stdout, stderr));
        root.Subcommands.Add(SetsCommands.Build(stdout, stderr));
        root.Subcommands.Add(VerifyCommand.Build(stdout, stderr));
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    internal static void Report(TextWriter stderr, IEnumerable<FileError> errors)
    {
        foreach (var e in errors)
        {
            stderr.WriteLine(e.ToString());
        }
    }
}
