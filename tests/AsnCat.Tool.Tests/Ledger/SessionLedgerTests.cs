using System.Security.Cryptography;
using System.Text;
using AsnCat.Tool.Ledger;
namespace AsnCat.Tool.Tests.Ledger;

/// <summary>The ledger's hash scheme: the documented example, and that every field is covered.</summary>
public sealed class SessionLedgerTests
{
    /// <summary>The worked example of docs/result-bundle.md (its head was also computed with python3 hashlib).</summary>
    internal static List<BundleCandidate> Example() =>
    [
        Candidate("000001", [
                new BundleEvent(1, 0, "C", false, 1, "answer", "2026-11-23T01:00:05.0000000Z"),
                new BundleEvent(2, 0, "C", true, 2, "doubtful", "2026-11-23T01:00:09.5000000Z"),
            ],
            new Dictionary<string, int> { ["TWK"] = 5, ["TIU"] = 0, ["TKP"] = 0 }, 5, false, "candidate"),
        Candidate("000002", [], null, null, null, "absent"),
    ];

    internal const string ExampleHead = "c68bda7c2bb7b7187257882cb396769e7c2d4c73950df06fd78b6aa33c1f0acf";

    private static BundleCandidate Candidate(string number, IReadOnlyList<BundleEvent> events, Dictionary<string, int>? scores, int? total, bool? passed, string? endedBy) =>
        new(number, "Peserta " + number, "umum", new BundleFormation("F-1", 1), 1, null, [], events, scores, total, passed, endedBy);

    [Fact]
    public void The_documented_example_gives_the_documented_head()
    {
        var ledger = SessionLedger.Compute(Example());
        Assert.Equal(new LedgerHead(ExampleHead, 4), ledger);
        var doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "result-bundle.md"));
        Assert.Contains(ExampleHead, doc, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_link_is_sha256_of_32_zero_bytes_and_the_records_netstrings()
    {
        var fields = "5:event,1:1,6:000001,1:0,1:C,5:false,1:1,6:answer,28:2026-11-23T01:00:05.0000000Z,"u8.ToArray();
        var expected = SHA256.HashData([.. new byte[32], .. fields]);
        var first = SessionLedger.Links(Example())[0];
        Assert.Equal(Convert.ToHexStringLower(expected), first.Head);
        Assert.Equal("candidates[0] (000001).events id 1", first.Record);
        Assert.Equal("3:abc,-,0:,", Encoding.UTF8.GetString(Netstring.Encode(["abc", null, ""])));
        Assert.Equal("4:Ngũ,", Encoding.UTF8.GetString(Netstring.Encode(["Ngũ"])));   // 4 UTF-8 bytes, 3 characters
    }

    public static TheoryData<string> EventChanges() => ["id", "position", "option", "option-null", "doubtful", "seq", "kind", "at", "participant"];

    [Theory]
    [MemberData(nameof(EventChanges))]
    public void Changing_any_field_of_an_event_changes_the_head(string field)
    {
        var candidates = Example();
        var c = candidates[0];
        var e = c.Events[0];
        var changed = field switch
        {
            "id" => e with { Id = 3 },
            "position" => e with { Position = 1 },
            "option" => e with { Option = "D" },
            "option-null" => e with { Option = null },
            "doubtful" => e with { Doubtful = true },
            "seq" => e with { Seq = 7 },
            "kind" => e with { Kind = "doubtful" },
            "at" => e with { At = "2026-11-23T01:00:05.0000001Z" },
            _ => e,
        };
        candidates[0] = field == "participant"
            ? c with { ParticipantNumber = "000003" }
            : c with { Events = [changed, c.Events[1]] };
        Assert.NotEqual(ExampleHead, SessionLedger.Compute(candidates).Head);
    }

    [Fact]
    public void Changing_a_result_or_the_order_of_events_changes_the_head_and_the_name_does_not()
    {
        BundleCandidate[] variants =
        [
            Example()[0] with { Scores = new Dictionary<string, int> { ["TWK"] = 10, ["TIU"] = 0, ["TKP"] = 0 } },
            Example()[0] with { Total = 6 },
            Example()[0] with { Passed = true },
            Example()[0] with { Passed = null },
            Example()[0] with { EndedBy = "disqualified" },
            Example()[0] with { Events = [Example()[0].Events[0] with { Id = 3 }, Example()[0].Events[1]] },   // now after the doubtful mark
        ];
        var heads = variants.Select(v => SessionLedger.Compute([v, Example()[1]]).Head).ToList();
        Assert.DoesNotContain(ExampleHead, heads);
        Assert.Equal(heads.Count, heads.Distinct(StringComparer.Ordinal).Count());

        // the ledger chains answers and results, not the (public) name or the seat
        Assert.Equal(ExampleHead, SessionLedger.Compute([Example()[0] with { Name = "Nama lain", Seat = 9 }, Example()[1]]).Head);
        // candidates in any order in the list give the same chain (events by id, results by number)
        Assert.Equal(ExampleHead, SessionLedger.Compute([Example()[1], Example()[0]]).Head);
        Assert.Equal(new LedgerHead(new string('0', 64), 0), SessionLedger.Compute([]));
    }

    [Fact]
    public void The_publication_head_hashes_sorted_lines_of_code_and_head()
    {
        var a = new string('a', 64);
        var b = new string('b', 64);
        var head = SessionLedger.PublicationHead([("S-2", b), ("S-1", a)]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"S-1 {a}\nS-2 {b}\n"))), head);
        Assert.Equal("8eb1e96d7c1e4bc81d2f8224ec3c604754226341dd19b22476aaa18d950bdf70", head);   // python3 hashlib, see docs/result-bundle.md
    }
}
