using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using SampleApi.Folders;
using SampleApi.Infrastructure;
using SampleApi.Notes;

namespace SampleApi.Tests;

/// <summary>Typed calls to SampleApi, asserting the happy status on the way.</summary>
internal static class Api
{
    public static SampleApiJsonContext Json => SampleApiJsonContext.Default;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static async Task<Folder> CreateFolderAsync(this HttpClient client, string? name = null)
    {
        using var response = await client.PostAsJsonAsync("/folders", new FolderRequest { Name = name ?? Unique("folder") }, Json.FolderRequest, Ct);
        await ExpectAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync(Json.Folder, Ct))!;
    }

    public static async Task<Note> CreateNoteAsync(this HttpClient client, long folderId, string? title = null, string? body = null)
    {
        using var response = await client.PostAsJsonAsync(
            $"/folders/{folderId}/notes", new NoteRequest { Title = title ?? Unique("note"), Body = body ?? "text" }, Json.NoteRequest, Ct);
        await ExpectAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync(Json.Note, Ct))!;
    }

    public static async Task<Folder> GetFolderAsync(this HttpClient client, long id) =>
        (await client.GetFromJsonAsync($"/folders/{id}", Json.Folder, Ct))!;

    public static async Task<Note> GetNoteAsync(this HttpClient client, long id) =>
        (await client.GetFromJsonAsync($"/notes/{id}", Json.Note, Ct))!;

    public static Task<HttpResponseMessage> MoveAsync(this HttpClient client, long folderId, params long[] noteIds) =>
        client.PostAsJsonAsync("/notes/move", new MoveNotesRequest { FolderId = folderId, NoteIds = noteIds }, Json.MoveNotesRequest, Ct);

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string uri, string json) =>
        client.SendAsync(new HttpRequestMessage(method, uri) { Content = new StringContent(json, Encoding.UTF8, "application/json") }, Ct);

    /// <summary>Every note of a folder, walking the keyset pages.</summary>
    public static async Task<List<Note>> ListAllNotesAsync(this HttpClient client, long folderId, int limit = Page<Note>.MaxLimit)
    {
        var notes = new List<Note>();
        long? after = 0;
        while (after is not null)
        {
            var page = (await client.GetFromJsonAsync($"/folders/{folderId}/notes?after={after}&limit={limit}", Json.PageNote, Ct))!;
            notes.AddRange(page.Items);
            after = page.NextAfter;
        }

        return notes;
    }

    /// <summary>Asserts the status, showing the body when it differs.</summary>
    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            Assert.Fail($"Expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }

    /// <summary>Asserts an RFC 7807 answer with this status and returns it.</summary>
    public static async Task<HttpValidationProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        await ExpectAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync(TestJsonContext.Default.HttpValidationProblemDetails, Ct))!;
        Assert.Equal((int)status, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        return problem;
    }

    /// <summary>Asserts a 400 whose errors name exactly this field.</summary>
    public static async Task<HttpValidationProblemDetails> ValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors.Keys);
        Assert.NotEmpty(problem.Errors[field]);
        return problem;
    }
}
