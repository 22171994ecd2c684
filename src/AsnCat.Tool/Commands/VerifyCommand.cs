using System.CommandLine;
using AsnCat.Tool.Ledger;
using AsnCat.Tool.National;
using AsnCat.Tool.Verification;
namespace AsnCat.Tool.Commands;

/// <summary>
/// <c>verify &lt;bundle.json&gt;... [--heads heads.txt] [--publication-head hex] [--national publikasi.json]</c>:
/// has each session's result bundle re-derived by <see cref="BundleVerifier"/> and prints its
/// findings (<see cref="VerifyReportText"/>); then checks the publication head over the sessions;
/// with <c>--national</c>, the national publication against the bundles (<see cref="NationalVerifier"/>,
/// <see cref="NationalVerifyText"/>). Exit 0 when every check passes, 1 on any mismatch, 2 when a
/// bundle, heads file or publication cannot be read.
/// </summary>
internal static class VerifyCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var bundles = new Argument<string[]>("bundle") { Description = "Berkas bundel hasil sesi (<kode sesi>.json atau <kode sesi>.kunci.json)", Arity = ArgumentArity.ZeroOrMore };
        var heads = new Option<string>("--heads") { Description = "Berkas berisi baris '<kode sesi> <head ledger>' (sesi yang bundelnya tidak diberikan)" };
        var publication = new Option<string>("--publication-head") { Description = "Head publikasi yang diumumkan, untuk dicocokkan dengan head sesi-sesi" };
        var national = new Option<string>("--national") { Description = "Publikasi nasional (asncat-national/1) yang diturunkan ulang dari bundel-bundel yang diberikan" };
        var verify = new Command("verify", "Memeriksa bundel hasil sesi: perangkat soal, jawaban, nilai, peringkat dan ledger; dengan --national juga peringkat nasional.");
        verify.Arguments.Add(bundles);
        verify.Options.Add(heads);
        verify.Options.Add(publication);
        verify.Options.Add(national);
        verify.SetAction(parse => Run(parse.GetValue(bundles) ?? [], parse.GetValue(heads), parse.GetValue(publication), parse.GetValue(national), stdout, stderr));
        return verify;
    }

    internal static int Run(IReadOnlyList<string> bundlePaths, string? headsPath, string? publicationHead, string? nationalPath, TextWriter stdout, TextWriter stderr)
    {
        if (bundlePaths.Count == 0 && headsPath is null && nationalPath is null)
        {
            stderr.WriteLine("verify: berikan setidaknya satu berkas bundel (mis. verify data/bundles/S-1.kunci.json) atau --heads.");
            return 2;
        }
        NationalPublicationFile? nationalFile = null;
        if (nationalPath is not null)
        {
            try
            {
                nationalFile = NationalVerifier.Read(nationalPath);
            }
            catch (PublicationUnreadableException e)
            {
                stderr.WriteLine($"{nationalPath}: {e.Message}");
                return 2;
            }
        }
        var failed = false;
        var sessionHeads = new List<(string Code, string Head, string From)>();
        var given = new List<GivenBundle>();
        foreach (var path in bundlePaths)
        {
            var result = VerifyBundle(path, stdout, stderr);
            if (result is null)
            {
                return 2;
            }
            failed |= !result.Value.Ok;
            sessionHeads.Add((result.Value.Bundle.Bundle.Session.Code, result.Value.Head, path));
            given.Add(result.Value.Bundle);
        }
        if (headsPath is not null)
        {
            var read = ReadHeads(headsPath, stderr);
            if (read is null)
            {
                return 2;
            }
            sessionHeads.AddRange(read.Select(h => (h.Code, h.Head, headsPath)));
        }
        if (publicationHead is not null || sessionHeads.Count > 1)
        {
            var duplicate = sessionHeads.GroupBy(h => h.Code, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                stderr.WriteLine($"verify: sesi {duplicate.Key} muncul lebih dari sekali ({string.Join(", ", duplicate.Select(d => d.From))}); setiap sesi sekali saja.");
                return 2;
            }
            var head = SessionLedger.PublicationHead(sessionHeads.Select(h => (h.Code, h.Head)));
            if (publicationHead is null)
            {
                stdout.WriteLine($"[INFO] head publikasi dari {sessionHeads.Count} sesi: {head}");
            }
            else if (string.Equals(head, publicationHead.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                stdout.WriteLine($"[OK] head publikasi: {head} dari {sessionHeads.Count} sesi");
            }
            else
            {
                stdout.WriteLine($"[GAGAL] head publikasi: 1 selisih");
                stdout.WriteLine($"  publikasi: dihitung ulang dari {sessionHeads.Count} sesi ({string.Join(", ", sessionHeads.Select(h => h.Code).Order(StringComparer.Ordinal))}) memberi {head}, yang diumumkan {publicationHead.Trim()}");
                failed = true;
            }
        }
        if (nationalFile is not null)
        {
            var report = NationalVerifier.Verify(nationalFile, given);
            NationalVerifyText.Print(report, nationalPath!, stdout);
            failed |= !report.Passed;
        }
        return failed ? 1 : 0;
    }

    private static List<(string Code, string Head)>? ReadHeads(string path, TextWriter stderr)
    {
        if (!File.Exists(path))
        {
            stderr.WriteLine($"{path}: berkas tidak ditemukan. Periksa jalurnya.");
            return null;
        }
        var list = new List<(string, string)>();
        var line = 0;
        foreach (var text in File.ReadAllLines(path))
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }
            var parts = text.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length != 64 || !parts[1].All(char.IsAsciiHexDigitLower))
            {
                stderr.WriteLine($"{path}:{line}: '{text}' bukan '<kode sesi> <head>' (satu spasi, head 64 karakter hex huruf kecil).");
                return null;
            }
            list.Add((parts[0], parts[1]));
        }
        return list;
    }

    /// <summary>Checks one bundle and prints its report; null when it cannot be read (reported on stderr).</summary>
    private static (bool Ok, GivenBundle Bundle, string Head)? VerifyBundle(string path, TextWriter stdout, TextWriter stderr)
    {
        BundleReport report;
        byte[] bytes;
        try
        {
            bytes = BundleVerifier.ReadBytes(path);
            report = BundleVerifier.Verify(BundleVerifier.Parse(bytes));
        }
        catch (BundleUnreadableException e)
        {
            stderr.WriteLine($"{path}: {e.Message}");
            return null;
        }
        VerifyReportText.Print(report, path, stdout);
        return (report.Passed, GivenBundle.Of(path, bytes, report.Bundle), report.Ledger.Head);
    }
}
