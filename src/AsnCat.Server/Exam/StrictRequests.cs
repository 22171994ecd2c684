using System.Globalization;
using System.Runtime.CompilerServices;
using AsnCat.Contracts.Exam;
namespace AsnCat.Server.Exam;

/// <summary>What a request's field held on the wire, whichever hub protocol read it.</summary>
public enum RawKind
{
    Null,
    Whole,
    Fraction,
    Text,
    Boolean,
    Other,
}

/// <summary>One field's value as read: its kind and, for the kinds that have one, its value.</summary>
public readonly record struct RawValue(RawKind Kind, long Number = 0, string? Text = null, bool Boolean = false)
{
    public static RawValue Null => new(RawKind.Null);
}

/// <summary>
/// The exam hub's requests, read strictly (docs/protocol.md, "Strict requests"): both hub
/// protocols hand a request's fields here as <see cref="RawValue"/>s, and a missing or null
/// required field, an unknown field or a wrong type makes a placeholder request that carries its
/// Indonesian refusal (<see cref="Problem"/>) instead of a request with defaulted fields. The hub
/// answers such a request with <see cref="ExamError.InvalidRequest"/> and changes nothing.
/// </summary>
public static class StrictRequests
{
    /// <summary>2^53 - 1: the largest integer every JSON reader (JavaScript's too) holds exactly.</summary>
    public const long MaxSeq = 9_007_199_254_740_991;

    private static readonly ConditionalWeakTable<object, string> Problems = [];

    private static readonly Dictionary<Type, Shape> Shapes = new Shape[]
    {
        new(typeof(LoginRequest), nameof(IExamHub.Login),
            [Field.Text("participantNumber", 64), Field.Text("pin", 32), Field.Text("terminalName", 100, optional: true)],
            v => new LoginRequest(v[0].Text!, v[1].Text!, v[2].Text),
            () => new LoginRequest("", "", null)),
        new(typeof(ResumeRequest), nameof(IExamHub.Reattach),
            [Field.Text("token", 200), Field.Text("setHash", 100, optional: true)],
            v => new ResumeRequest(v[0].Text!, v[1].Text),
            () => new ResumeRequest("", null)),
        new(typeof(SaveAnswerRequest), nameof(IExamHub.SaveAnswer),
            [Field.Int("position"), Field.Int("slot", nullable: true), Field.Seq("seq")],
            v => new SaveAnswerRequest((int)v[0].Number, v[1].Kind == RawKind.Null ? null : (int)v[1].Number, v[2].Number),
            () => new SaveAnswerRequest(0, null, 0)),
        new(typeof(MarkDoubtfulRequest), nameof(IExamHub.MarkDoubtful),
            [Field.Int("position"), Field.Bool("doubtful"), Field.Seq("seq")],
            v => new MarkDoubtfulRequest((int)v[0].Number, v[1].Boolean, v[2].Number),
            () => new MarkDoubtfulRequest(0, false, 0)),
        new(typeof(FinishRequest), nameof(IExamHub.Finish),
            [Field.Bool("confirmed")],
            v => new FinishRequest(v[0].Boolean),
            () => new FinishRequest(false)),
        new(typeof(DisplayRequest), nameof(IExamHub.SaveDisplay),
            [Field.Range("fontStep", 0, ExamHub.FontSteps - 1), Field.Bool("highContrast"), Field.Int("position")],
            v => new DisplayRequest((int)v[0].Number, v[1].Boolean, (int)v[2].Number),
            () => new DisplayRequest(0, false, 0)),
    }.ToDictionary(s => s.Type);

    /// <summary>The request types read strictly.</summary>
    public static IReadOnlyCollection<Type> Types => Shapes.Keys;

    /// <summary>The fields of <paramref name="type"/> as the protocol names them (camelCase), for the protocol document's test.</summary>
    public static IReadOnlyList<(string Name, bool Required, bool Nullable)> FieldsOf(Type type) =>
        Shapes[type].Fields.Select(f => (f.Name, !f.Optional, f.Nullable || f.Optional)).ToList();

    /// <summary>The refusal a request read from the wire carries (a null argument too), or null for a well-formed one.</summary>
    public static string? Problem(object? request, string method) =>
        request is null ? Refusal(method, "permintaan kosong (null)") : Problems.TryGetValue(request, out var problem) ? problem : null;

    private static string Refusal(string method, string problem) => $"Permintaan {method} tidak valid: {problem}. Tidak ada yang disimpan.";

    /// <summary>A request of <paramref name="type"/> whose argument was not an object at all.</summary>
    public static object NotAnObject(Type type)
    {
        var shape = Shapes[type];
        return shape.Refuse($"permintaan harus berupa objek dengan kolom {string.Join(", ", shape.Fields.Select(f => f.Name))}");
    }

    /// <summary>Builds a request of <paramref name="type"/> from the fields read, or a placeholder carrying the refusal.</summary>
    public static object Bind(Type type, IReadOnlyList<(string Name, RawValue Value)> fields, string? readProblem = null)
    {
        var shape = Shapes[type];
        if (readProblem is not null)
        {
            return shape.Refuse(readProblem);
        }
        var values = new RawValue?[shape.Fields.Count];
        foreach (var (name, value) in fields)
        {
            var index = shape.IndexOf(name);
            if (index < 0)
            {
                return shape.Refuse($"kolom '{Clip(name)}' tidak dikenal; kolom yang dikenal: {string.Join(", ", shape.Fields.Select(f => f.Name))}");
            }
            if (values[index] is not null)
            {
                return shape.Refuse($"kolom '{shape.Fields[index].Name}' muncul dua kali");
            }
            values[index] = value;
        }
        var bound = new RawValue[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var field = shape.Fields[i];
            if (field.Check(values[i]) is { } problem)
            {
                return shape.Refuse(problem);
            }
            bound[i] = values[i] ?? RawValue.Null;
        }
        return shape.Create(bound);
    }

    private static string Clip(string name) => name.Length <= 40 ? name : name[..40] + "…";

    private sealed record Shape(Type Type, string Method, IReadOnlyList<Field> Fields, Func<RawValue[], object> Create, Func<object> Placeholder)
    {
        public int IndexOf(string name)
        {
            for (var i = 0; i < Fields.Count; i++)
            {
                if (string.Equals(Fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
            return -1;
        }

        public object Refuse(string problem)
        {
            var placeholder = Placeholder();
            Problems.AddOrUpdate(placeholder, Refusal(Method, problem));
            return placeholder;
        }
    }

    private sealed record Field(string Name, RawKind Kind, string KindName, bool Nullable, bool Optional, long Min, long Max)
    {
        public static Field Int(string name, bool nullable = false) =>
            new(name, RawKind.Whole, "bilangan bulat", nullable, false, int.MinValue, int.MaxValue);

        public static Field Range(string name, int min, int max) => new(name, RawKind.Whole, "bilangan bulat", false, false, min, max);

        public static Field Seq(string name) => new(name, RawKind.Whole, "bilangan bulat", false, false, 1, MaxSeq);

        public static Field Bool(string name) => new(name, RawKind.Boolean, "true atau false", false, false, 0, 0);

        public static Field Text(string name, int maxLength, bool optional = false) =>
            new(name, RawKind.Text, "teks", optional, optional, optional ? 0 : 1, maxLength);

        /// <summary>Null when <paramref name="value"/> (null: the field was absent) is acceptable; else the reason.</summary>
        public string? Check(RawValue? value)
        {
            if (value is not { } v)
            {
                return Optional ? null : $"kolom '{Name}' wajib diisi ({KindName}{(Nullable ? " atau null" : "")})";
            }
            if (v.Kind == RawKind.Null)
            {
                return Nullable ? null : $"kolom '{Name}' tidak boleh null ({KindName})";
            }
            if (v.Kind != Kind)
            {
                return $"kolom '{Name}' harus {KindName}, bukan {Describe(v.Kind)}";
            }
            return Kind switch
            {
                RawKind.Whole when v.Number < Min || v.Number > Max =>
                    string.Create(CultureInfo.InvariantCulture, $"kolom '{Name}' harus bilangan bulat {Min}..{Max}"),
                RawKind.Text when v.Text!.Length < Min => $"kolom '{Name}' tidak boleh kosong",
                RawKind.Text when v.Text!.Length > Max => string.Create(CultureInfo.InvariantCulture, $"kolom '{Name}' paling panjang {Max} karakter"),
                _ => null,
            };
        }

        private static string Describe(RawKind kind) => kind switch
        {
            RawKind.Whole => "bilangan bulat",
            RawKind.Fraction => "bilangan pecahan atau bilangan di luar jangkauan",
            RawKind.Text => "teks",
            RawKind.Boolean => "true/false",
            _ => "objek atau daftar",
        };
    }
}
