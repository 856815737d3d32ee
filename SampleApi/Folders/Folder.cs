using Libsql.Client;
using SampleApi.Data;

namespace SampleApi.Folders;

/// <summary>A folder that holds notes.</summary>
/// <param name="Id">The folder's id.</param>
/// <param name="Name">Its name, unique without regard to case.</param>
/// <param name="NoteCount">How many notes it holds, kept in step by every write in the same transaction.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
public sealed record Folder(long Id, string Name, long NoteCount, DateTimeOffset CreatedAt)
{
    internal const string Columns = "id, name, note_count, created_at";

    internal static Folder FromRow(LibsqlRow row) => new(
        row.GetValue<long>("id"),
        row.GetValue<string>("name"),
        row.GetValue<long>("note_count"),
        SqlTimestamp.Parse(row.GetValue<string>("created_at")));
}
