using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Libsql.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using SampleApi.Data;
using SampleApi.Folders;
using SampleApi.Infrastructure;

namespace SampleApi.Notes;

/// <summary>Notes: create, read, update, delete, list per folder, and move between folders.</summary>
internal static class NoteEndpoints
{
    public static IEndpointRouteBuilder MapNoteEndpoints(this IEndpointRouteBuilder app)
    {
        var inFolder = app.MapGroup("/folders/{folderId:long}/notes").WithTags("Notes").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        inFolder.MapGet("", ListAsync).WithName("ListNotes")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        inFolder.MapPost("", CreateAsync).WithName("CreateNote")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var notes = app.MapGroup("/notes").WithTags("Notes").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        notes.MapGet("/{id:long}", GetAsync).WithName("GetNote")
            .ProducesProblem(StatusCodes.Status404NotFound);
        notes.MapPut("/{id:long}", UpdateAsync).WithName("UpdateNote")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        notes.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteNote")
            .ProducesProblem(StatusCodes.Status404NotFound);
        notes.MapPost("/move", MoveAsync).WithName("MoveNotes")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>Lists a folder's notes in id order, one keyset page at a time.</summary>
    private static async Task<Results<Ok<Page<Note>>, ProblemHttpResult>> ListAsync(
        long folderId,
        LibsqlClient db,
        CancellationToken cancellationToken,
        [Range(0, long.MaxValue)] long after = 0,
        [Range(1, Page<Note>.MaxLimit)] int limit = Page<Note>.DefaultLimit)
    {
        var result = await db.ExecuteAsync(
            $"SELECT {Note.Columns} FROM notes WHERE folder_id = :folderId AND id > :after ORDER BY id LIMIT :take",
            new { folderId, after, take = limit + 1 },
            cancellationToken);
        if (result.Rows.Count == 0 && !await FolderExistsAsync(db, folderId, cancellationToken))
        {
            return Problems.NotFound("Folder", folderId);
        }

        return TypedResults.Ok(Page<Note>.FromRows(result.Rows.Select(Note.FromRow).ToList(), limit, n => n.Id));
    }

    /// <summary>Creates a note and counts it in its folder, in one transaction.</summary>
    private static async Task<Results<Created<Note>, ProblemHttpResult>> CreateAsync(
        long folderId, NoteRequest request, LibsqlClient db, CancellationToken cancellationToken)
    {
        var title = request.Title!.Trim();
        await using var transaction = await db.BeginTransactionAsync(LibsqlTransactionMode.Write, cancellationToken);
        var counted = await transaction.ExecuteAsync(
            "UPDATE folders SET note_count = note_count + 1 WHERE id = :folderId", new { folderId }, cancellationToken);
        if (counted.RowsAffected == 0)
        {
            return Problems.NotFound("Folder", folderId);
        }

        try
        {
            var inserted = await transaction.ExecuteAsync(
                $"INSERT INTO notes (folder_id, title, body) VALUES (:folderId, :title, :body) RETURNING {Note.Columns}",
                new { folderId, title, body = request.Body ?? "" },
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            var note = Note.FromRow(inserted.Rows[0]);
            return TypedResults.Created($"/notes/{note.Id}", note);
        }
        catch (LibsqlException e) when (e.IsConstraintViolation())
        {
            return TitleTaken(title, folderId);
        }
    }

    /// <summary>Reads one note.</summary>
    private static async Task<Results<Ok<Note>, ProblemHttpResult>> GetAsync(
        long id, LibsqlClient db, CancellationToken cancellationToken)
    {
        var result = await db.ExecuteAsync($"SELECT {Note.Columns} FROM notes WHERE id = :id", new { id }, cancellationToken);
        return result.Rows.Count == 0
            ? Problems.NotFound("Note", id)
            : TypedResults.Ok(Note.FromRow(result.Rows[0]));
    }

    /// <summary>Replaces a note's title and body; 409 when its folder has another note with that title.</summary>
    private static async Task<Results<Ok<Note>, ProblemHttpResult>> UpdateAsync(
        long id, NoteRequest request, LibsqlClient db, CancellationToken cancellationToken)
    {
        var title = request.Title!.Trim();
        try
        {
            var result = await db.ExecuteAsync(
                $"UPDATE notes SET title = :title, body = :body, updated_at = {SqlTimestamp.Now} WHERE id = :id RETURNING {Note.Columns}",
                new { id, title, body = request.Body ?? "" },
                cancellationToken);
            return result.Rows.Count == 0
                ? Problems.NotFound("Note", id)
                : TypedResults.Ok(Note.FromRow(result.Rows[0]));
        }
        catch (LibsqlException e) when (e.IsConstraintViolation())
        {
            return Problems.Conflict("Note title taken", $"Another note in its folder is already titled '{title}'.");
        }
    }

    /// <summary>Deletes a note and uncounts it from its folder, in one transaction.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, LibsqlClient db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(LibsqlTransactionMode.Write, cancellationToken);
        var deleted = await transaction.ExecuteAsync(
            "DELETE FROM notes WHERE id = :id RETURNING folder_id", new { id }, cancellationToken);
        if (deleted.Rows.Count == 0)
        {
            return Problems.NotFound("Note", id);
        }

        await transaction.ExecuteAsync(
            "UPDATE folders SET note_count = note_count - 1 WHERE id = :folderId",
            new { folderId = deleted.Rows[0].GetValue<long>("folder_id") },
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Moves notes into one folder, all or none: any missing note or folder gives 404 and any title clash in the
    /// target gives 409, and in both cases no note has moved and no count has changed.
    /// </summary>
    private static async Task<Results<Ok<MoveNotesResult>, ProblemHttpResult>> MoveAsync(
        MoveNotesRequest request, LibsqlClient db, CancellationToken cancellationToken)
    {
        var targetId = request.FolderId!.Value;
        var noteIds = request.NoteIds!;

        // A write transaction (BEGIN IMMEDIATE) from the first statement: the folders read below must not change
        // before the counts are written, or two concurrent moves of one note would both uncount its old folder.
        await using var transaction = await db.BeginTransactionAsync(LibsqlTransactionMode.Write, cancellationToken);
        if ((await transaction.ExecuteAsync("SELECT 1 FROM folders WHERE id = :targetId", new { targetId }, cancellationToken)).Rows.Count == 0)
        {
            return Problems.NotFound("Folder", targetId);
        }

        var found = await transaction.ExecuteAsync(
            "SELECT id, folder_id FROM notes WHERE id IN (SELECT value FROM json_each(:ids))",
            new { ids = JsonSerializer.Serialize(noteIds, SampleApiJsonContext.Default.IReadOnlyListInt64) },
            cancellationToken);
        var sourceOf = found.Rows.ToDictionary(row => row.GetValue<long>("id"), row => row.GetValue<long>("folder_id"));
        if (noteIds.Where(id => !sourceOf.ContainsKey(id)).Select(id => (long?)id).FirstOrDefault() is long missing)
        {
            return Problems.NotFound("Note", missing);
        }

        var moving = noteIds.Where(id => sourceOf[id] != targetId).ToList();
        foreach (var id in moving)
        {
            try
            {
                await transaction.ExecuteAsync(
                    $"UPDATE notes SET folder_id = :targetId, updated_at = {SqlTimestamp.Now} WHERE id = :id",
                    new { id, targetId },
                    cancellationToken);
            }
            catch (LibsqlException e) when (e.IsConstraintViolation())
            {
                // Leaving without commit rolls back the notes already moved by this request.
                return Problems.Conflict(
                    "Note title taken",
                    $"Folder {targetId} already has a note titled like note {id}; no note was moved.");
            }
        }

        foreach (var source in moving.GroupBy(id => sourceOf[id]))
        {
            await transaction.ExecuteAsync(
                "UPDATE folders SET note_count = note_count - :n WHERE id = :folderId",
                new { n = source.Count(), folderId = source.Key },
                cancellationToken);
        }

        var target = await transaction.ExecuteAsync(
            $"UPDATE folders SET note_count = note_count + :n WHERE id = :targetId RETURNING {Folder.Columns}",
            new { n = moving.Count, targetId },
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new MoveNotesResult(Folder.FromRow(target.Rows[0]), moving.Count));
    }

    private static async Task<bool> FolderExistsAsync(LibsqlClient db, long folderId, CancellationToken cancellationToken) =>
        (await db.ExecuteAsync("SELECT 1 FROM folders WHERE id = :folderId", new { folderId }, cancellationToken)).Rows.Count > 0;

    private static ProblemHttpResult TitleTaken(string title, long folderId) =>
        Problems.Conflict("Note title taken", $"Folder {folderId} already has a note titled '{title}'.");
}
