using System.Text.Json;
using AsnCat.Contracts.Exam;
using StoredContent = AsnCat.Server.Data.ItemContent;
namespace AsnCat.Server.Exam;

/// <summary>
/// An item's shared content as served to terminals (<see cref="ItemContent"/>, JSON). Its options
/// are in an order derived from the content alone (by each option's own hash), so the served
/// order says nothing about the bank's order, and therefore nothing about which letter the key
/// had there; each candidate's order is sent apart, as <see cref="QuestionRef.Order"/>.
/// </summary>
public static class ItemContents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The body to serve and, per original option, its index in the body's options.</summary>
    public static (byte[] Body, byte[] ContentIndexOf) Build(StoredContent item, Func<string, string> imageHash)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(imageHash);
        var options = item.Options.Select(o => new OptionView(o.Text, o.Image is null ? null : new ImageView(imageHash(o.Image.File), o.Image.Alt))).ToList();
        var served = Enumerable.Range(0, options.Count)
            .OrderBy(i => ContentHash.Of(JsonSerializer.SerializeToUtf8Bytes(options[i], Json)), StringComparer.Ordinal)
            .ThenBy(i => i)
            .ToList();
        var indexOf = new byte[options.Count];
        for (var k = 0; k < served.Count; k++)
        {
            indexOf[served[k]] = (byte)k;
        }
        var content = new ItemContent(
            item.Stem,
            item.Table is null ? null : new TableView(item.Table.Caption, item.Table.Header, item.Table.Rows),
            item.Image is null ? null : new ImageView(imageHash(item.Image.File), item.Image.Alt),
            served.Select(i => options[i]).ToList());
        return (JsonSerializer.SerializeToUtf8Bytes(content, Json), indexOf);
    }
}
