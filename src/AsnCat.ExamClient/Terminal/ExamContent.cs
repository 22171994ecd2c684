using System.Collections.Concurrent;
using System.Text.Json;
using AsnCat.Contracts.Exam;

namespace AsnCat.ExamClient.Terminal;

/// <summary>Turns a set of references into the questions a terminal shows (docs/protocol.md, "ExamSet").</summary>
public interface IExamContent
{
    Task<IReadOnlyList<QuestionView>> QuestionsAsync(ExamSet examSet, IReadOnlyList<SubtestView> subtests, CancellationToken cancellationToken);

    /// <summary>A content body (an item's JSON or an image) by its path <c>{contentUrl}{hash}</c>, for the relay a separate terminal host serves.</summary>
    Task<ExamContentBody?> BodyAsync(string path, CancellationToken cancellationToken);
}

public sealed record ExamContentBody(byte[] Bytes, string ContentType);

/// <summary>
/// The terminal host's cache of a session's shared item content: each body is fetched once from
/// the exam server (whatever number of candidates this host serves), checked against its hash,
/// and kept. Images reach the browser by URL on this host's own origin (the same path: the
/// server serves it, or a separate terminal host relays it from this cache), so a browser
/// caches them too.
/// </summary>
public sealed class HttpExamContent(HttpClient http, Uri hubUrl) : IExamContent
{
    /// <summary>Bodies kept at most; beyond it the cache starts again (a venue's day uses a few hundred).</summary>
    private const int MaxEntries = 50_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, Lazy<Task<ExamContentBody?>>> _bodies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ItemContent> _items = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<QuestionView>> QuestionsAsync(ExamSet examSet, IReadOnlyList<SubtestView> subtests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(examSet);
        var set = examSet;
        ArgumentNullException.ThrowIfNull(subtests);
        // all of the set's contents at once: the ones this host already holds return at once, the rest are fetched in parallel
        var hashes = set.Questions.Select(q => q.Content).Distinct().ToList();
        var bodies = await Task.WhenAll(hashes.Select(hash => BodyAsync(set.ContentUrl + hash, cancellationToken)));
        var contents = new Dictionary<string, ItemContent>(StringComparer.Ordinal);
        for (var i = 0; i < hashes.Count; i++)
        {
            var body = bodies[i] ?? throw new InvalidOperationException($"Konten soal {hashes[i]} tidak tersedia di server.");
            // read once per host, as fetched: every candidate's set is assembled from the same items
            contents[hashes[i]] = _items.GetOrAdd(set.ContentUrl + hashes[i], _ => JsonSerializer.Deserialize<ItemContent>(body.Bytes, Json)
                ?? throw new InvalidDataException($"Konten soal {hashes[i]} kosong."));
        }
        return set.Questions.Select(q => Assemble(q, contents[q.Content], set.ContentUrl, subtests)).ToList();
    }

    public Task<ExamContentBody?> BodyAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith(ExamHub.ContentRoot + "/", StringComparison.Ordinal) || path.Contains("..", StringComparison.Ordinal))
        {
            return Task.FromResult<ExamContentBody?>(null);
        }
        if (_bodies.Count > MaxEntries)
        {
            _bodies.Clear();
            _items.Clear();
        }
        var entry = _bodies.GetOrAdd(path, p => new Lazy<Task<ExamContentBody?>>(() => FetchAsync(p)));
        var task = entry.Value;
        // a failed or missing fetch is not kept: the next request tries again
        _ = task.ContinueWith(t => { if (!t.IsCompletedSuccessfully || t.Result is null) { _bodies.TryRemove(new(path, entry)); } }, TaskScheduler.Default);
        return task.WaitAsync(cancellationToken);
    }

    private async Task<ExamContentBody?> FetchAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(hubUrl, path));
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var hash = path[(path.LastIndexOf('/') + 1)..];
        var actual = ContentHash.Of(bytes);
        if (actual != hash)
        {
            throw new InvalidDataException($"Konten {hash} dari server tidak cocok dengan hash-nya ({actual}).");
        }
        return new ExamContentBody(bytes, response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream");
    }

    /// <summary>Position p's question: the content with slot k = option Order[k], images as URLs on the content path.</summary>
    public static QuestionView Assemble(QuestionRef question, ItemContent content, string contentUrl, IReadOnlyList<SubtestView> subtests)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(subtests);
        var subtest = subtests.FirstOrDefault(s => question.Position >= s.From && question.Position < s.From + s.Count)?.Code ?? "";
        return new QuestionView(question.Position, subtest, content.Stem, content.Table, Url(content.Image),
            question.Order.Select(i => content.Options[i] with { Image = Url(content.Options[i].Image) }).ToList());

        ImageView? Url(ImageView? image) => image is null ? null : image with { Src = contentUrl + image.Src };
    }
}
