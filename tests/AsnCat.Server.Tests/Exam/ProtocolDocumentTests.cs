using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Exam;
namespace AsnCat.Server.Tests.Exam;

/// <summary>
/// docs/protocol.md is what outside terminals are written from: it must change whenever the
/// contract does. Its fingerprint is computed from the contract (methods, messages, fields,
/// enums, limits, the strict readers' required fields), and every name must be in the document.
/// </summary>
public sealed class ProtocolDocumentTests
{
    private static readonly string Document = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "protocol.md"));

    private static IEnumerable<Type> ContractTypes() =>
        typeof(IExamHub).Assembly.GetTypes().Where(t => t.Namespace == typeof(IExamHub).Namespace && t.IsPublic).OrderBy(t => t.Name, StringComparer.Ordinal);

    /// <summary>The contract as text: every part a terminal depends on, in a stable order.</summary>
    private static string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfoInvariant($"version {ExamHub.ProtocolVersion}; path {ExamHub.Path}; content {ExamHub.ContentRoot}; max {ExamHub.MaxMessageBytes}\n"));
        foreach (var type in ContractTypes())
        {
            if (type.IsEnum)
            {
                text.Append($"enum {type.Name}: ").AppendJoin(", ", Enum.GetValues(type).Cast<object>().Select(v => $"{v}={Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)}")).Append('\n');
            }
            else if (type.IsInterface)
            {
                foreach (var m in type.GetMethods().Where(m => !m.IsSpecialName).OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    text.Append($"{type.Name}.{m.Name}({string.Join(",", m.GetParameters().Select(p => Name(p.ParameterType)))}) -> {Name(m.ReturnType)}\n");
                }
            }
            else if (type.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null && !type.IsAbstract)
            {
                text.Append($"record {type.Name}(").AppendJoin(", ", Fields(type).Select(p => $"{p.Name}:{Name(p.PropertyType)}")).Append(")\n");
            }
        }
        foreach (var request in StrictRequests.Types.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            text.Append($"strict {request.Name}: ").AppendJoin(", ", StrictRequests.FieldsOf(request).Select(f => $"{f.Name}{(f.Required ? "!" : "?")}{(f.Nullable ? "|null" : "")}")).Append('\n');
        }
        return text.ToString();
    }

    private static string CultureInfoInvariant(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<PropertyInfo> Fields(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract" && p.DeclaringType == type).OrderBy(p => p.MetadataToken);

    private static string Name(Type t) => t.IsGenericType
        ? $"{t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", t.GetGenericArguments().Select(Name))}>"
        : t.Name;

    private static string Fingerprint() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Describe())))[..16];

    [Fact]
    public void The_document_carries_the_contracts_version_and_fingerprint()
    {
        Assert.Contains($"**Protocol version {ExamHub.ProtocolVersion}.**", Document, StringComparison.Ordinal);
        var fingerprint = Fingerprint();
        Assert.True(Document.Contains($"Contract fingerprint: `{fingerprint}`", StringComparison.Ordinal),
            $"The exam hub contract changed (fingerprint now {fingerprint}). Update docs/protocol.md for the change, raise ExamHub.ProtocolVersion if a message's shape or meaning changed, then write the new fingerprint there. The contract as fingerprinted:\n{Describe()}");
    }

    [Fact]
    public void Every_method_message_field_and_enum_value_is_in_the_document()
    {
        var missing = new List<string>();
        foreach (var type in ContractTypes())
        {
            if (type.IsEnum)
            {
                foreach (var value in Enum.GetValues(type))
                {
                    var row = $"| {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)} | `{value}` |";
                    if (!Document.Contains(row, StringComparison.Ordinal))
                    {
                        missing.Add($"{type.Name} row {row}");
                    }
                }
                continue;
            }
            if (type.IsInterface)
            {
                missing.AddRange(type.GetMethods().Where(m => !m.IsSpecialName && !Document.Contains($"`{m.Name}`", StringComparison.Ordinal)).Select(m => $"{type.Name}.{m.Name}"));
                continue;
            }
            if (type.IsAbstract || !type.Name.EndsWith("Request", StringComparison.Ordinal) && !type.Name.EndsWith("Reply", StringComparison.Ordinal)
                && !type.Name.EndsWith("View", StringComparison.Ordinal) && type.Name is not ("ExamSet" or "QuestionRef" or "ItemContent" or "SubtestScore" or "ExamResult"))
            {
                continue;
            }
            if (!Document.Contains($"`{type.Name}`", StringComparison.Ordinal))
            {
                missing.Add(type.Name);
            }
            foreach (var field in Fields(type))
            {
                var camel = JsonNamingPolicy.CamelCase.ConvertName(field.Name);
                if (!Document.Contains($"`{camel}`", StringComparison.Ordinal) && !Document.Contains($"`{type.Name}.{camel}`", StringComparison.Ordinal))
                {
                    missing.Add($"{type.Name}.{camel}");
                }
            }
        }
        Assert.True(missing.Count == 0, "docs/protocol.md does not describe: " + string.Join(", ", missing));
    }
}
