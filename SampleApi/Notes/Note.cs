using Libsql.Client;
using SampleApi.Data;

namespace SampleApi.Notes;

/// <summary>A note in a folder.</summary>
/// <param name="Id">The note's id.</param>
/// <param name="FolderId">The folder that holds it.</param>
/// <param name="Title">Its title, unique within the folder without regard to case.</param>
/// <param name="Body">Its text.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="UpdatedAt">When it was last changed or moved (UTC).</param>
public sealed record Note(long Id, long FolderId, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    internal const string Columns = "id, folder_id, title, body, created_at, updated_at";

    internal static Note FromRow(LibsqlRow row) => new(
        row.GetValue<long>("id"),
        row.GetValue<long>("folder_id"),
        row.GetValue<string>("title"),
        row.GetValue<string>("body"),
        SqlTimestamp.Parse(row.GetValue<string>("created_at")),
        SqlTimestamp.Parse(row.GetValue<string>("updated_at")));
}
