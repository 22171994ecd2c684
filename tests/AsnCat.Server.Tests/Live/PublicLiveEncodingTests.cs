using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;

namespace AsnCat.Server.Tests.Live;

/// <summary>
/// The public live state compressed once per board for whoever accepts it: Brotli before gzip
/// before the JSON as it is, q=0 honoured; each encoding its own strong tag, <c>Vary:
/// Accept-Encoding</c> on every answer, and a tag of the same board in any encoding answered 304.
/// </summary>
public sealed class PublicLiveEncodingTests() : KestrelHostTest()
{
    [Fact]
    public async Task Brotli_and_gzip_answers_are_the_same_json_compressed_each_with_its_own_strong_tag()
    {
        var path = await SessionPathAsync(3);
        using var http = Host.Anonymous();

        using var plain = await GetAsync(http, path, acceptEncoding: null);
        using var br = await GetAsync(http, path, "gzip, deflate, br");
        using var gzip = await GetAsync(http, path, "gzip");
        var json = await plain.Content.ReadAsByteArrayAsync(Ct);

        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(["br"], br.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
        Assert.Equal(json, Decompress(new BrotliStream(await br.Content.ReadAsStreamAsync(Ct), CompressionMode.Decompress)));
        Assert.Equal(json, Decompress(new GZipStream(await gzip.Content.ReadAsStreamAsync(Ct), CompressionMode.Decompress)));
        Assert.True(br.Content.Headers.ContentLength < json.Length / 2, $"{br.Content.Headers.ContentLength} of {json.Length}");

        var tag = plain.Headers.ETag!;
        Assert.Equal(new EntityTagHeaderValue(tag.Tag.Insert(tag.Tag.Length - 1, "-br")), br.Headers.ETag);
        Assert.Equal(new EntityTagHeaderValue(tag.Tag.Insert(tag.Tag.Length - 1, "-gz")), gzip.Headers.ETag);
        foreach (var answer in new[] { plain, br, gzip })
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.False(answer.Headers.ETag!.IsWeak);
            Assert.Equal(["Accept-Encoding"], answer.Headers.Vary);
            Assert.Equal("application/json", answer.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task A_tag_of_the_same_board_in_another_encoding_gets_304_with_the_tag_of_the_encoding_asked_for()
    {
        var path = await SessionPathAsync(2);
        using var http = Host.Anonymous();
        using var plain = await GetAsync(http, path, acceptEncoding: null);
        using var gzip = await GetAsync(http, path, "gzip");

        using var brHoldingPlain = await GetAsync(http, path, "br", plain.Headers.ETag);
        using var plainHoldingGzip = await GetAsync(http, path, acceptEncoding: null, gzip.Headers.ETag);
        using var gzipHoldingBr = await GetAsync(http, path, "gzip", brHoldingPlain.Headers.ETag);

        Assert.Equal((HttpStatusCode.NotModified, plain.Headers.ETag!.Tag.Insert(plain.Headers.ETag.Tag.Length - 1, "-br")), (brHoldingPlain.StatusCode, brHoldingPlain.Headers.ETag!.Tag));
        Assert.Equal((HttpStatusCode.NotModified, plain.Headers.ETag), (plainHoldingGzip.StatusCode, plainHoldingGzip.Headers.ETag));
        Assert.Equal((HttpStatusCode.NotModified, gzip.Headers.ETag), (gzipHoldingBr.StatusCode, gzipHoldingBr.Headers.ETag));
        Assert.All([brHoldingPlain, plainHoldingGzip, gzipHoldingBr], a => Assert.Equal(["Accept-Encoding"], a.Headers.Vary));
        Assert.All([brHoldingPlain, plainHoldingGzip, gzipHoldingBr], a => Assert.Empty(a.Content.Headers.ContentEncoding));
    }

    [Theory]
    [InlineData("gzip;q=0, br;q=0", "")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("*;q=0", "")]
    [InlineData("*", "br")]
    [InlineData("identity", "")]
    [InlineData("BR;q=0.1", "br")]
    public async Task What_the_asker_accepts_picks_the_encoding_and_q0_refuses_one(string acceptEncoding, string expected)
    {
        var path = await SessionPathAsync(1);
        using var http = Host.Anonymous();
        using var plain = await GetAsync(http, path, acceptEncoding: null);

        using var answer = await GetAsync(http, path, acceptEncoding);

        Assert.Equal(expected, string.Join(", ", answer.Content.Headers.ContentEncoding));
        if (expected.Length == 0)
        {
            Assert.Equal(plain.Headers.ETag, answer.Headers.ETag);
            Assert.Equal(await plain.Content.ReadAsByteArrayAsync(Ct), await answer.Content.ReadAsByteArrayAsync(Ct));
        }
    }

    [Fact]
    public async Task An_unknown_code_asked_with_compression_is_still_404_in_Indonesian()
    {
        using var http = Host.Anonymous();

        using var missing = await GetAsync(http, "/api/public/live/sessions/TIDAK-ADA", "br, gzip");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Empty(missing.Content.Headers.ContentEncoding);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Sesi tidak ditemukan", problem.GetProperty("title").GetString());
        Assert.Equal("Tidak ada sesi dengan kode 'TIDAK-ADA'.", problem.GetProperty("detail").GetString());
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? acceptEncoding, EntityTagHeaderValue? holding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding));
        }
        if (holding is not null)
        {
            request.Headers.IfNoneMatch.Add(holding);
        }
        return await http.SendAsync(request, Ct);
    }

    private static byte[] Decompress(Stream decompressing)
    {
        using (decompressing)
        {
            using var json = new MemoryStream();
            decompressing.CopyTo(json);
            return json.ToArray();
        }
    }

    private async Task<string> SessionPathAsync(int candidates)
    {
        var (sessionId, _) = await Host.SeedSessionAsync(candidates);
        await using var db = Host.Db();
        return $"/api/public/live/sessions/{await db.ExamSessions.Where(s => s.Id == sessionId).Select(s => s.Code).SingleAsync(Ct)}";
    }
}
