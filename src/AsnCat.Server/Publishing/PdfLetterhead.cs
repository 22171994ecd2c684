using PdfSharp.Drawing;
namespace AsnCat.Server.Publishing;

/// <summary>
/// The committee's letterhead at the top of every PDF (the logo at the left, the committee, the
/// agency and the address centred, a double rule under them) and the signature block at the end
/// of an announcement (place and date, position, room for the signature, name, NIP).
/// </summary>
public static class PdfLetterhead
{
    private const double LogoSide = 54;

    /// <summary>Draws the letterhead from <paramref name="top"/> across a page <paramref name="pageWidth"/> wide; returns the y under it.</summary>
    public static double Draw(XGraphics gfx, LetterheadOptions head, string? logoFile, XFont bold, XFont regular, double margin, double pageWidth)
    {
        ArgumentNullException.ThrowIfNull(gfx);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(bold);
        ArgumentNullException.ThrowIfNull(regular);
        var top = margin;
        var y = top;
        var lines = head.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            var font = i < 2 ? bold : regular;
            var w = gfx.MeasureString(lines[i], font).Width;
            gfx.DrawString(lines[i], font, XBrushes.Black, (pageWidth - w) / 2, y, XStringFormats.TopLeft);
            y += font.Size * 1.45;
        }
        if (logoFile is not null)
        {
            using var logo = XImage.FromFile(logoFile);
            var side = Math.Max(LogoSide, y - top);
            var scale = Math.Min(side / logo.PointWidth, side / logo.PointHeight);
            gfx.DrawImage(logo, margin, top, logo.PointWidth * scale, logo.PointHeight * scale);
            y = Math.Max(y, top + logo.PointHeight * scale);
        }
        y += 3;
        gfx.DrawLine(new XPen(XColors.Black, 1.6), margin, y, pageWidth - margin, y);
        gfx.DrawLine(new XPen(XColors.Black, 0.5), margin, y + 2.5, pageWidth - margin, y + 2.5);
        return y + 6;
    }

    /// <summary>The height <see cref="Signature"/> takes with this font.</summary>
    public static double SignatureHeight(XFont font)
    {
        ArgumentNullException.ThrowIfNull(font);
        return font.Size * 1.5 * 5 + 48;
    }

    /// <summary>
    /// "Jakarta, 6 Desember 2026", the position, room for the signature, the name (bold,
    /// underlined) and "NIP ...", left-aligned in a block that ends at <paramref name="right"/>.
    /// </summary>
    public static void Signature(XGraphics gfx, LetterheadOptions head, string date, XFont regular, XFont bold, double right, double y)
    {
        ArgumentNullException.ThrowIfNull(gfx);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(regular);
        ArgumentNullException.ThrowIfNull(bold);
        string[] above = [$"{head.Place}, {date}", head.SignatoryTitle + ","];
        var nip = $"NIP {head.SignatoryNip}";
        var width = new[] { gfx.MeasureString(above[0], regular).Width, gfx.MeasureString(above[1], regular).Width,
            gfx.MeasureString(head.SignatoryName, bold).Width, gfx.MeasureString(nip, regular).Width }.Max();
        var x = right - Math.Max(width, 200);
        var line = regular.Size * 1.5;
        foreach (var text in above)
        {
            gfx.DrawString(text, regular, XBrushes.Black, x, y, XStringFormats.TopLeft);
            y += line;
        }
        y += 48;   // room for the signature and the stamp
        gfx.DrawString(head.SignatoryName, bold, XBrushes.Black, x, y, XStringFormats.TopLeft);
        var nameWidth = gfx.MeasureString(head.SignatoryName, bold).Width;
        gfx.DrawLine(new XPen(XColors.Black, 0.6), x, y + bold.Size * 1.15, x + nameWidth, y + bold.Size * 1.15);
        y += line;
        gfx.DrawString(nip, regular, XBrushes.Black, x, y, XStringFormats.TopLeft);
    }
}
