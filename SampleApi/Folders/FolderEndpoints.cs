using System.ComponentModel.DataAnnotations;
using Libsql.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using SampleApi.Data;
using SampleApi.Infrastructure;

namespace SampleApi.Folders;

/// <summary>Create, read, rename and delete folders.</summary>
internal static class FolderEndpoints
{
    public static IEndpointRouteBuilder MapFolderEndpoints(this IEndpointRouteBuilder app)
    {
        // Every endpoint can meet a read-only token or an unreachable database (503, DatabaseExceptionHandler).
        var folders = app.MapGroup("/folders").WithTags("Folders").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        folders.MapGet("", ListAsync).WithName("ListFolders")
            .ProducesValidationProblem();
        folders.MapPost("", CreateAsync).WithName("CreateFolder")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        folders.MapGet("/{id:long}", GetAsync).WithName("GetFolder")
            .ProducesProblem(StatusCodes.Status404NotFound);
        folders.MapPut("/{id:long}", RenameAsync).WithName("RenameFolder")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        folders.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteFolder")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>Lists folders in id order, one keyset page at a time.</summary>
    private static async Task<Ok<Page<Folder>>> ListAsync(
        LibsqlClient db,
        CancellationToken cancellationToken,
        [Range(0, long.MaxValue)] long after = 0,
        [Range(1, Page<Folder>.MaxLimit)] int limit = Page<Folder>.DefaultLimit)
    {
        var result = await db.ExecuteAsync(
            $"SELECT {Folder.Columns} FROM folders WHERE id > :after ORDER BY id LIMIT :take",
            new { after, take = limit + 1 },
            cancellationToken);
        return TypedResults.Ok(Page<Folder>.FromRows(result.Rows.Select(Folder.FromRow).ToList(), limit, f => f.Id));
    }

    /// <summary>Creates a folder; 409 when the name is taken.</summary>
    private static async Task<Results<Created<Folder>, ProblemHttpResult>> CreateAsync(
        FolderRequest request, LibsqlClient db, CancellationToken cancellationToken)
    {
        var name = request.Name!.Trim();
        try
        {
            var result = await db.ExecuteAsync(
                $"INSERT INTO folders (name) VALUES (:name) RETURNING {Folder.Columns}",
                new { name },
                cancellationToken);
            var folder = Folder.FromRow(result.Rows[0]);
            return TypedResults.Created($"/folders/{folder.Id}", folder);
        }
        catch (LibsqlException e) when (e.IsConstraintViolation())
        {
            return NameTaken(name);
        }
    }

    /// <summary>Reads one folder.</summary>
    private static async Task<Results<Ok<Folder>, ProblemHttpResult>> GetAsync(
        long id, LibsqlClient db, CancellationToken cancellationToken)
    {
        var result = await db.ExecuteAsync($"SELECT {Folder.Columns} FROM folders WHERE id = :id", new { id }, cancellationToken);
        return result.Rows.Count == 0
            ? Problems.NotFound("Folder", id)
            : TypedResults.Ok(Folder.FromRow(result.Rows[0]));
    }

    /// <summary>Renames a folder; 409 when the new name is taken.</summary>
    private static async Task<Results<Ok<Folder>, ProblemHttpResult>> RenameAsync(
        long id, FolderRequest request, LibsqlClient db, CancellationToken cancellationToken)
    {
        var name = request.Name!.Trim();
        try
        {
            var result = await db.ExecuteAsync(
                $"UPDATE folders SET name = :name WHERE id = :id RETURNING {Folder.Columns}",
                new { id, name },
                cancellationToken);
            return result.Rows.Count == 0
                ? Problems.NotFound("Folder", id)
                : TypedResults.Ok(Folder.FromRow(result.Rows[0]));
        }
        catch (LibsqlException e) when (e.IsConstraintViolation())
        {
            return NameTaken(name);
        }
    }

    /// <summary>Deletes an empty folder; 409 while it still holds notes.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, LibsqlClient db, CancellationToken cancellationToken)
    {
        // One statement decides: the emptiness test and the delete cannot be split by a concurrent note insert.
        var deleted = await db.ExecuteAsync(
            "DELETE FROM folders WHERE id = :id AND NOT EXISTS (SELECT 1 FROM notes WHERE folder_id = :id)",
            new { id },
            cancellationToken);
        if (deleted.RowsAffected == 1)
        {
            return TypedResults.NoContent();
        }

        var exists = await db.ExecuteAsync("SELECT 1 FROM folders WHERE id = :id", new { id }, cancellationToken);
        return exists.Rows.Count == 0
            ? Problems.NotFound("Folder", id)
            : Problems.Conflict("Folder not empty", $"Folder {id} still holds notes; move or delete them first.");
    }

    private static ProblemHttpResult NameTaken(string name) =>
        Problems.Conflict("Folder name taken", $"A folder named '{name}' already exists.");
}
