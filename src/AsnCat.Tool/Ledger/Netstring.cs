using System.Globalization;
using System.Text;

namespace AsnCat.Tool.Ledger;

/// <summary>
/// Netstrings, the field encoding of both hash chains (the audit log, docs/audit-chain.md, and
/// the session ledger, docs/result-bundle.md): <c>len ":" bytes ","</c> with <c>len</c> the decimal
/// count of the field's UTF-8 bytes; a null field is the two characters <c>-,</c>.
/// Example: <c>"abc"</c> is <c>3:abc,</c>, <c>""</c> is <c>0:,</c>.
/// </summary>
public static class Netstring
{
    public static byte[] Encode(IEnumerable<string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var text = new StringBuilder();
        foreach (var field in fields)
        {
            if (field is null)
            {
                text.Append("-,");
            }
            else
            {
                text.Append(Encoding.UTF8.GetByteCount(field).ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append(',');
            }
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
