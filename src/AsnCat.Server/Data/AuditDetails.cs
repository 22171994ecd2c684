using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
namespace AsnCat.Server.Data;

/// <summary>One detail of an audit entry as a person reads it: an Indonesian label and its value.</summary>
public sealed record AuditDetail(string Label, string Value);

/// <summary>
/// An audit entry's details (a JSON object, stored as written and hashed into the chain, so never
/// rewritten) read out in Indonesian for the console: each key's label, and the value as text
/// (a known code such as a refusal reason in words, yes/no, lists joined). A key this server does
/// not know is shown as it is stored.
/// </summary>
public static class AuditDetails
{
    private static readonly FrozenDictionary<string, string> Keys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["reason"] = "Alasan",
        ["minutes"] = "Menit",
        ["pausedSeconds"] = "Lama jeda (detik)",
        ["absent"] = "Tidak hadir",
        ["state"] = "Status saat itu",
        ["count"] = "Jumlah",
        ["names"] = "Yang ditetapkan",
        ["code"] = "Kode",
        ["venue"] = "Lokasi",
        ["startsAt"] = "Mulai",
        ["bank"] = "Hash bank soal",
        ["thresholds"] = "Ambang batas",
        ["seats"] = "Kursi",
        ["Seats"] = "Kursi",
        ["failures"] = "Kegagalan",
        ["terminal"] = "Terminal",
        ["position"] = "Nomor soal",
        ["seq"] = "Urutan",
        ["connection"] = "Koneksi",
        ["hub"] = "Hub",
        ["details"] = "Rincian",
        ["file"] = "Berkas",
        ["rows"] = "Baris",
        ["imported"] = "Diimpor",
        ["problems"] = "Masalah",
        ["result"] = "Hasil",
        ["kind"] = "Jenis",
        ["subject"] = "Subjek",
        ["version"] = "Versi",
        ["sha256"] = "SHA-256 baris",
        ["ledgerHead"] = "Kepala buku besar",
        ["ok"] = "Utuh",
        ["entries"] = "Entri",
        ["headId"] = "Entri kepala",
        ["head"] = "Hash kepala",
        ["brokenId"] = "Entri rusak",
        ["problem"] = "Masalah",
        ["lastHeartbeat"] = "Detak terakhir",
        ["restartedAt"] = "Hidup kembali",
        ["downtimeSeconds"] = "Lama mati (detik)",
        ["stepSeconds"] = "Lompatan (detik)",
        ["attempts"] = "Peserta terdampak",
        ["before"] = "Sebelum",
        ["after"] = "Sesudah",
        ["lastStored"] = "Simpanan terakhir",
        ["resumedAt"] = "Pulih",
        ["outageSeconds"] = "Lama gangguan (detik)",
        ["peran"] = "Peran",
        ["nama"] = "Nama",
        ["lokasi"] = "Lokasi",
        ["terkunci"] = "Sedang terkunci",
        ["sandiSekaliPakai"] = "Mengganti sandi sekali pakai",
        ["item"] = "Soal",
        ["itemId"] = "Soal",
        ["fromVersion"] = "Dari versi",
        ["toVersion"] = "Ke versi",
        ["format"] = "Format",
        ["errors"] = "Kesalahan",
        ["analysedVersion"] = "Versi yang dianalisis",
        ["baseVersion"] = "Versi dasar",
        ["newVersion"] = "Versi baru",
        ["hash"] = "Hash",
        ["Hash"] = "Hash",
        ["changed"] = "Yang diubah",
        ["from"] = "Asal",
        ["items"] = "Soal",
        ["images"] = "Gambar",
        ["skipped"] = "Dilewati",
        ["unsupported"] = "Tidak didukung",
        ["first"] = "Masalah pertama",
        ["error"] = "Kesalahan",
        ["bytes"] = "Ukuran (bita)",
        ["limit"] = "Batas",
        ["method"] = "Metode",
        ["misuses"] = "Penyalahgunaan",
        ["Burst"] = "Ledakan",
        ["PerSecond"] = "Per detik",
        ["burst"] = "Ledakan",
        ["perSecond"] = "Per detik",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // codes stored as values (refusal reasons, results) in words
    private static readonly FrozenDictionary<string, string> Values = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["wrong"] = "sandi salah",
        ["locked"] = "terkunci",
        ["no_open_attempt"] = "tidak ada ujian terbuka untuk nomor ini",
        ["session_not_open"] = "sesi belum dibuka",
        ["other_terminal_active"] = "masih aktif di terminal lain",
        ["not_logged_in"] = "belum masuk",
        ["terminal_released"] = "terminal sudah dilepas",
        ["taken_over"] = "diambil alih koneksi lain",
        ["stored"] = "disimpan",
        ["refused"] = "ditolak",
        ["already-stored"] = "sudah tersimpan sebelumnya",
        ["misuse"] = "penyalahgunaan berulang",
        ["Running"] = "mengerjakan",
        ["Waiting"] = "menunggu",
        ["Finished"] = "selesai",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The label of a detail key, or the key itself when unknown.</summary>
    public static string Label(string key) => Keys.GetValueOrDefault(key, key);

    /// <summary>The details as label and value pairs; a value that is not a JSON object is shown whole.</summary>
    public static IReadOnlyList<AuditDetail> Describe(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? [.. doc.RootElement.EnumerateObject().Select(p => new AuditDetail(Label(p.Name), Text(p.Value)))]
                : [new AuditDetail("Rincian", Text(doc.RootElement))];
        }
        catch (JsonException)
        {
            return [new AuditDetail("Rincian", json)];
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Values.GetValueOrDefault(value.GetString()!, value.GetString()!),
        JsonValueKind.Number => value.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : value.GetDouble().ToString("0.###", CultureInfo.InvariantCulture),
        JsonValueKind.True => "ya",
        JsonValueKind.False => "tidak",
        JsonValueKind.Null => "-",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Text)),
        _ => string.Join("; ", value.EnumerateObject().Select(p => $"{Label(p.Name)}: {Text(p.Value)}")),
    };
}
