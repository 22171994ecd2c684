namespace AsnCat.Server.Results;

/// <summary>
/// A table of results as the public sees it: the page, the CSV, the XLSX and the PDF all render
/// exactly these cells, so they cannot disagree. Numbers are already formatted (invariant
/// culture, no thousands separators) by whoever builds the table.
/// </summary>
/// <param name="Kind"><c>sesi</c>, <c>formasi</c> or <c>akhir</c> (see <see cref="Data.Publication.Kind"/>).</param>
/// <param name="Subject">The session code or formation code.</param>
public sealed record PublishedTable(string Kind, string Subject, string Title, IReadOnlyList<string> Columns, IReadOnlyList<PublishedRow> Rows)
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
