using System.Text.Json.Serialization;
using AsnCat.Tool.National;
namespace AsnCat.Server.Results;

/// <summary>
/// A table of results as the public sees it: the page, the CSV, the XLSX and the PDF all render
/// exactly these cells, so they cannot disagree. Numbers are already formatted (invariant
/// culture, no thousands separators) by whoever builds the table.
/// </summary>
/// <param name="Kind"><c>sesi</c>, <c>formasi</c>, <c>akhir</c> or <c>nasional</c> (see <see cref="Data.Publication.Kind"/>).</param>
/// <param name="Subject">The session code or formation code.</param>
/// <param name="National">
/// Only in a national ranking's table: what it rests on, frozen and hashed with the cells. Left out
/// of the JSON when null, so the other kinds' tables keep their bytes and their SHA-256.
/// </param>
public sealed record PublishedTable(string Kind, string Subject, string Title, IReadOnlyList<string> Columns, IReadOnlyList<PublishedRow> Rows,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NationalBasis? National = null)
{
    /// <summary>The columns that hold a candidate's score: a session's or formation's <c>Total</c>, a final ranking's <c>Nilai akhir</c>.</summary>
    public static IReadOnlyList<string> ScoreColumns { get; } = ["Total", "Nilai akhir"];

    /// <summary>Whether the row carries a score (an absent or disqualified-before-starting candidate has none, so no certificate).</summary>
    public bool HasScore(PublishedRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var column = Columns.ToList().FindIndex(c => ScoreColumns.Contains(c));
        return column < 0 || row.Cells[column].Length > 0;
    }

    /// <summary>Whether the cell at <paramref name="column"/> is a number (scores, ranks), so a spreadsheet can store it as one.</summary>
    public bool IsNumberColumn(int column) => Columns[column] is not ("Nomor peserta" or "Nama" or "Formasi" or "Kategori" or "Ambang batas" or "Keterangan");
}

/// <summary>One candidate's row; <see cref="Cells"/> line up with <see cref="PublishedTable.Columns"/>.</summary>
public sealed record PublishedRow(string ParticipantNumber, IReadOnlyList<string> Cells);

/// <summary>
/// What a national ranking's table rests on: every venue bundle whose session the formation's rows
/// come from (venue, session code, the accepted bundle's SHA-256 and its ledger head), and the
/// formation's rows as the national publication file (<c>asncat-national/1</c>) carries them, so the
/// file restricted to this formation is served from the publication itself.
/// </summary>
public sealed record NationalBasis(IReadOnlyList<PublishedBundle> Bundles, PublishedFormation Formation);
