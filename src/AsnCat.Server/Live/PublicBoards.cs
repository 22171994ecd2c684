using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Contracts.Live;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AsnCat.Server.Live;

/// <summary>How the public HTTP state sends a board: as JSON, or that JSON compressed.</summary>
public enum BoardEncoding
{
    Identity,
    Brotli,
    Gzip,
}

/// <summary>
/// A board as the public HTTP state sends it: its JSON (as the minimal APIs would write it), that
/// JSON compressed with Brotli and with gzip (each made at the first request that asks for it),
/// and a strong tag per encoding, all made once per board object (a watched board is one object
/// until it changes; a board built for readers is reused for a push interval) and forgotten with it.
/// </summary>
public sealed class PublicBoards(IOptions<JsonOptions> json, LiveCounters counters)
{
    /// <summary>
    /// Brotli quality 5 and gzip level 6: a 2,000-row board (296 KiB of JSON) becomes 29 KiB and
    /// 30 KiB in 3-8 ms and 2-3 ms (measured on the shared 2-core machine); Brotli quality 9 saves
    /// 3 KiB more for 25-50 ms, and a board is rebuilt up to twice a second.
    /// </summary>
    internal const int BrotliQuality = 5;

    internal const int GzipLevel = 6;

    private readonly ConditionalWeakTable<LiveBoard, Body> _bodies = [];

    internal LiveCounters Counters { get; } = counters;

    public Body Of(LiveBoard board) => _bodies.GetValue(board, b =>
    {
        var options = json.Value.SerializerOptions;
        // the tag covers what an observer sees: a rebuild that changed nothing keeps it, on any server
        var seen = JsonSerializer.SerializeToUtf8Bytes(b with { Version = 0, BuiltAt = default }, options);
        return new Body(JsonSerializer.SerializeToUtf8Bytes(b, options), ContentHash.Of(seen));
    });

    /// <summary>
    /// Brotli when the asker accepts it, else gzip, else the JSON as it is: a coding is accepted when
    /// <c>Accept-Encoding</c> names it, or <c>*</c> without naming it, with a quality above 0. No header: as it is.
    /// </summary>
    public static BoardEncoding Negotiate(IList<StringWithQualityHeaderValue> accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        double? Quality(string coding) =>
            accepted.FirstOrDefault(a => a.Value.Equals(coding, StringComparison.OrdinalIgnoreCase)) is { } named ? named.Quality ?? 1 : null;
        bool Accepts(string coding) => (Quality(coding) ?? Quality("*") ?? 0) > 0;
        return Accepts(ContentCoding(BoardEncoding.Brotli)) ? BoardEncoding.Brotli
            : Accepts(ContentCoding(BoardEncoding.Gzip)) ? BoardEncoding.Gzip
            : BoardEncoding.Identity;
    }

    /// <summary>The <c>Content-Encoding</c> of <paramref name="encoding"/>; empty for the JSON as it is.</summary>
    public static string ContentCoding(BoardEncoding encoding) => encoding switch
    {
        BoardEncoding.Brotli => "br",
        BoardEncoding.Gzip => "gzip",
        _ => "",
    };

    /// <summary>A board's JSON and its compressed forms, each with its strong tag: the JSON's <c>"hash"</c>, <c>"hash-br"</c>, <c>"hash-gz"</c>.</summary>
    public sealed class Body
    {
        private readonly Lazy<byte[]> _brotli;
        private readonly Lazy<byte[]> _gzip;
        private readonly EntityTagHeaderValue[] _tags;

        public Body(byte[] json, string hash)
        {
            Json = json;
            _brotli = new(() => Compress(json, s => new BrotliStream(s, new BrotliCompressionOptions { Quality = BrotliQuality })));
            _gzip = new(() => Compress(json, s => new GZipStream(s, new ZLibCompressionOptions { CompressionLevel = GzipLevel })));
            _tags = [new($"\"{hash}\""), new($"\"{hash}-br\""), new($"\"{hash}-gz\"")];
        }

        /// <summary>The board in UTF-8 JSON.</summary>
        public byte[] Json { get; }

        public byte[] In(BoardEncoding encoding) => encoding switch
        {
            BoardEncoding.Brotli => _brotli.Value,
            BoardEncoding.Gzip => _gzip.Value,
            _ => Json,
        };

        public EntityTagHeaderValue TagOf(BoardEncoding encoding) => _tags[(int)encoding];

        /// <summary>Whether <paramref name="asked"/> (from <c>If-None-Match</c>) is this content in any encoding, or <c>*</c>.</summary>
        public bool Matches(EntityTagHeaderValue asked) =>
            asked.Equals(EntityTagHeaderValue.Any) || _tags.Any(t => asked.Compare(t, useStrongComparison: false));

        private static byte[] Compress(byte[] json, Func<Stream, Stream> compressor)
        {
            using var buffer = new MemoryStream(json.Length / 4);
            using (var compressing = compressor(buffer))
            {
                compressing.Write(json);
            }
            return buffer.ToArray();
        }
    }
}
