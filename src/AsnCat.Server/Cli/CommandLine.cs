using System.CommandLine;
using AsnCat.Server.Banks;
namespace AsnCat.Server.Cli;

/// <summary>
/// The server executable's commands for committees and auditors, no database needed:
/// <c>bank validate</c>, <c>rank</c>, <c>sets generate</c>, <c>verify</c>. Results go to stdout, problems
/// to stderr, logs nowhere, so the output can be piped.
/// </summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["bank", "rank", "sets", "verify", "--help", "-h", "-?", "--version"];

    /// <summary>Whether the arguments name a command (otherwise the web server starts).</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("AsnCat: server ujian CAT. Tanpa perintah: menjalankan server web.");
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
