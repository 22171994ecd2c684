namespace AsnCat.Server.Results;

/// <summary>
/// A table of results as the public sees it: the page, the CSV, the XLSX and the PDF all render
/// exactly these cells, so they cannot disagree. Numbers are already formatted (invariant
/// culture, no thousands separators) by whoever builds the table.
/// </summary>
/// <param name="Kind"><c>sesi</c>, <c>formasi</c> or <c>akhir</c> (see <see cref="Data.Publication.Kind"/>).</param>
/// <param name="Subject">The session code or formation code.</param>
public sealed record PublishedTable(string Kind, string Subject, string Title, IReadOnlyList<string> Columns, IReadOnlyList<PublishedRow> Rows);

/// <summary>One candidate's row; <see cref="Cells"/> line up with <see cref="PublishedTable.Columns"/>.</summary>
public sealed record PublishedRow(string ParticipantNumber, IReadOnlyList<string> Cells);
