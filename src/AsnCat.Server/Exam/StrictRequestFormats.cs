using System.Text.Json;
using System.Text.Json.Serialization;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;
namespace AsnCat.Server.Exam;

/// <summary>
/// The JSON hub protocol's reader of the exam hub's requests: reads the object's fields as they
/// are and lets <see cref="StrictRequests"/> decide; never defaults a missing field.
/// </summary>
public sealed class StrictRequestJsonConverter : JsonConverterFactory
{
    private static readonly JsonSerializerOptions Plain = new(JsonSerializerDefaults.Web);

    public override bool CanConvert(Type typeToConvert) => StrictRequests.Types.Contains(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return (T)StrictRequests.NotAnObject(typeof(T));
            }
            var fields = new List<(string, RawValue)>();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                fields.Add((name, ReadValue(ref reader)));
            }
            return (T)StrictRequests.Bind(typeof(T), fields);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, Plain);

        private static RawValue ReadValue(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return RawValue.Null;
                case JsonTokenType.True or JsonTokenType.False:
                    return new RawValue(RawKind.Boolean, Boolean: reader.GetBoolean());
                case JsonTokenType.String:
                    return new RawValue(RawKind.Text, Text: reader.GetString());
                case JsonTokenType.Number:
                    return reader.TryGetInt64(out var n) ? new RawValue(RawKind.Whole, n) : new RawValue(RawKind.Fraction);
                default:
                    reader.Skip();
                    return new RawValue(RawKind.Other);
            }
        }
    }
}

/// <summary>
/// The MessagePack hub protocol's options for the exam hub's server: its requests read strictly
/// (<see cref="StrictRequests"/>), everything else as SignalR's contractless default but with
/// enums as numbers (as in JSON), and MessagePack's guard against hostile data.
/// </summary>
public static class StrictMessagePack
{
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(new StrictResolver(), ContractlessStandardResolver.Instance))
        .WithSecurity(MessagePackSecurity.UntrustedData);

    private sealed class StrictResolver : IFormatterResolver
    {
        public IMessagePackFormatter<T>? GetFormatter<T>() =>
            StrictRequests.Types.Contains(typeof(T)) ? new Formatter<T>() : null;
    }

    private sealed class Formatter<T> : IMessagePackFormatter<T>
    {
        public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) =>
            ContractlessStandardResolver.Instance.GetFormatter<T>()!.Serialize(ref writer, value, options);

        public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            if (reader.TryReadNil())
            {
                return default!;
            }
            if (reader.NextMessagePackType != MessagePackType.Map)
            {
                reader.Skip();
                return (T)StrictRequests.NotAnObject(typeof(T));
            }
            var count = reader.ReadMapHeader();
            var fields = new List<(string, RawValue)>(count);
            string? problem = null;
            for (var i = 0; i < count; i++)
            {
                if (reader.NextMessagePackType != MessagePackType.String)
                {
                    reader.Skip();
                    reader.Skip();
                    problem ??= "nama kolom harus berupa teks";
                    continue;
                }
                var name = reader.ReadString()!;
                fields.Add((name, ReadValue(ref reader)));
            }
            return (T)StrictRequests.Bind(typeof(T), fields, problem);
        }

        private static RawValue ReadValue(ref MessagePackReader reader)
        {
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Nil:
                    reader.ReadNil();
                    return RawValue.Null;
                case MessagePackType.Boolean:
                    return new RawValue(RawKind.Boolean, Boolean: reader.ReadBoolean());
                case MessagePackType.String:
                    return new RawValue(RawKind.Text, Text: reader.ReadString());
                case MessagePackType.Integer when reader.NextCode == MessagePackCode.UInt64:
                    var big = reader.ReadUInt64();
                    return big <= long.MaxValue ? new RawValue(RawKind.Whole, (long)big) : new RawValue(RawKind.Fraction);
                case MessagePackType.Integer:
                    return new RawValue(RawKind.Whole, reader.ReadInt64());
                case MessagePackType.Float:
                    reader.Skip();
                    return new RawValue(RawKind.Fraction);
                default:
                    reader.Skip();
                    return new RawValue(RawKind.Other);
            }
        }
    }
}
