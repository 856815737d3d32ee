using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>The current step finished.</summary>
internal sealed class HranaStepEndEntry : HranaCursorEntry
{
    /// <summary>Rows changed.</summary>
    public long AffectedRowCount { get; init; }

    /// <summary>Last inserted rowid (a string in JSON).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? LastInsertRowid { get; init; }
}
