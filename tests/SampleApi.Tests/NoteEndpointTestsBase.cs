using System.Net;
using System.Net.Http.Json;
using SampleApi.Notes;

namespace SampleApi.Tests;

/// <summary>Note CRUD and keyset paging; run against the test server and against real sqld.</summary>
public abstract class NoteEndpointTestsBase(IApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client => api.Client;

    [Fact]
    public async Task Create_answers_201_and_counts_the_note_in_its_folder()
    {
        var folder = await Client.CreateFolderAsync();

        using var response = await Client.PostAsJsonAsync(
            $"/folders/{folder.Id}/notes", new NoteRequest { Title = " Groceries ", Body = "milk, eggs" }, Api.Json.NoteRequest, Ct);

        await Api.ExpectAsync(response, HttpStatusCode.Created);
        var note = (await response.Content.ReadFromJsonAsync(Api.Json.Note, Ct))!;
        Assert.Equal((folder.Id, "Groceries", "milk, eggs"), (note.FolderId, note.Title, note.Body));
        Assert.Equal($"/notes/{note.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(note, await Client.GetNoteAsync(note.Id));
        Assert.Equal(1, (await Client.GetFolderAsync(folder.Id)).NoteCount);
    }

    [Fact]
    public async Task Create_without_a_body_stores_an_empty_one()
    {
        var folder = await Client.CreateFolderAsync();

        using var response = await Client.SendJsonAsync(HttpMethod.Post, $"/folders/{folder.Id}/notes", """{"title":"t"}""");

        await Api.ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal("", (await response.Content.ReadFromJsonAsync(Api.Json.Note, Ct))!.Body);
    }

    [Theory]
    [InlineData("""{"body":"b"}""", "title")]
    [InlineData("""{"title":" ","body":"b"}""", "title")]
    [InlineData("""{"title":"toolong","body":"b"}""", "title")]
    [InlineData("""{"title":"t","body":"toolong"}""", "body")]
    public async Task Create_with_invalid_fields_answers_400_naming_the_field(string body, string field)
    {
        var folder = await Client.CreateFolderAsync();
        body = body.Replace("\"title\":\"toolong\"", $"\"title\":\"{new string('t', 201)}\"", StringComparison.Ordinal)
                   .Replace("\"body\":\"toolong\"", $"\"body\":\"{new string('b', 10_001)}\"", StringComparison.Ordinal);

        using var response = await Client.SendJsonAsync(HttpMethod.Post, $"/folders/{folder.Id}/notes", body);

        await Api.ValidationProblemAsync(response, field);
        Assert.Equal(0, (await Client.GetFolderAsync(folder.Id)).NoteCount);
    }

    [Fact]
    public async Task Create_in_a_missing_folder_answers_404()
    {
        using var response = await Client.PostAsJsonAsync(
            "/folders/999999999/notes", new NoteRequest { Title = "t" }, Api.Json.NoteRequest, Ct);
        await Api.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_with_a_title_taken_in_the_folder_answers_409_and_leaves_the_count()
    {
        var folder = await Client.CreateFolderAsync();
        var other = await Client.CreateFolderAsync();
        await Client.CreateNoteAsync(folder.Id, "Ideas");

        using var response = await Client.PostAsJsonAsync(
            $"/folders/{folder.Id}/notes", new NoteRequest { Title = "IDEAS" }, Api.Json.NoteRequest, Ct);

        await Api.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(1, (await Client.GetFolderAsync(folder.Id)).NoteCount);
        Assert.Single(await Client.ListAllNotesAsync(folder.Id));
        // The same title is fine in another folder.
        await Client.CreateNoteAsync(other.Id, "Ideas");
    }

    [Fact]
    public async Task Get_of_a_missing_note_answers_404()
    {
        using var response = await Client.GetAsync("/notes/999999999", Ct);
        await Api.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_answers_200_and_stores_title_and_body()
    {
        var folder = await Client.CreateFolderAsync();
        var note = await Client.CreateNoteAsync(folder.Id);

        using var response = await Client.PutAsJsonAsync(
            $"/notes/{note.Id}", new NoteRequest { Title = "New title", Body = "new body" }, Api.Json.NoteRequest, Ct);

        await Api.ExpectAsync(response, HttpStatusCode.OK);
        var updated = await Client.GetNoteAsync(note.Id);
        Assert.Equal(("New title", "new body", note.CreatedAt), (updated.Title, updated.Body, updated.CreatedAt));
        Assert.True(updated.UpdatedAt >= note.UpdatedAt);
    }

    [Fact]
    public async Task Update_errors_answer_400_404_and_409()
    {
        var folder = await Client.CreateFolderAsync();
        var note = await Client.CreateNoteAsync(folder.Id);
        var sibling = await Client.CreateNoteAsync(folder.Id);

        using var invalid = await Client.SendJsonAsync(HttpMethod.Put, $"/notes/{note.Id}", """{"body":"b"}""");
        await Api.ValidationProblemAsync(invalid, "title");

        using var missing = await Client.PutAsJsonAsync("/notes/999999999", new NoteRequest { Title = "t" }, Api.Json.NoteRequest, Ct);
        await Api.ProblemAsync(missing, HttpStatusCode.NotFound);

        using var taken = await Client.PutAsJsonAsync($"/notes/{note.Id}", new NoteRequest { Title = sibling.Title }, Api.Json.NoteRequest, Ct);
        await Api.ProblemAsync(taken, HttpStatusCode.Conflict);
        Assert.Equal(note.Title, (await Client.GetNoteAsync(note.Id)).Title);
    }

    [Fact]
    public async Task Delete_answers_204_uncounts_the_note_then_404()
    {
        var folder = await Client.CreateFolderAsync();
        var note = await Client.CreateNoteAsync(folder.Id);
        await Client.CreateNoteAsync(folder.Id);

        using var deleted = await Client.DeleteAsync($"/notes/{note.Id}", Ct);
        await Api.ExpectAsync(deleted, HttpStatusCode.NoContent);

        Assert.Equal(1, (await Client.GetFolderAsync(folder.Id)).NoteCount);
        using var again = await Client.DeleteAsync($"/notes/{note.Id}", Ct);
        await Api.ProblemAsync(again, HttpStatusCode.NotFound);
        Assert.Equal(1, (await Client.GetFolderAsync(folder.Id)).NoteCount);
    }

    [Fact]
    public async Task List_pages_a_folders_notes_by_id_and_only_that_folders()
    {
        var folder = await Client.CreateFolderAsync();
        var other = await Client.CreateFolderAsync();
        var created = new List<Note>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await Client.CreateNoteAsync(folder.Id));
            await Client.CreateNoteAsync(other.Id);
        }

        var firstPage = (await Client.GetFromJsonAsync($"/folders/{folder.Id}/notes?limit=2", Api.Json.PageNote, Ct))!;
        Assert.Equal(created.Take(2), firstPage.Items);
        Assert.Equal(created[1].Id, firstPage.NextAfter);

        Assert.Equal(created, await Client.ListAllNotesAsync(folder.Id, limit: 2));
        var lastPage = (await Client.GetFromJsonAsync($"/folders/{folder.Id}/notes?after={created[^2].Id}&limit=2", Api.Json.PageNote, Ct))!;
        Assert.Equal([created[^1]], lastPage.Items);
        Assert.Null(lastPage.NextAfter);
    }

    [Fact]
    public async Task List_of_an_empty_folder_is_empty_and_of_a_missing_one_404()
    {
        var folder = await Client.CreateFolderAsync();

        var page = (await Client.GetFromJsonAsync($"/folders/{folder.Id}/notes", Api.Json.PageNote, Ct))!;
        Assert.Empty(page.Items);
        Assert.Null(page.NextAfter);

        using var missing = await Client.GetAsync("/folders/999999999/notes", Ct);
        await Api.ProblemAsync(missing, HttpStatusCode.NotFound);

        using var badLimit = await Client.GetAsync($"/folders/{folder.Id}/notes?limit=0", Ct);
        await Api.ValidationProblemAsync(badLimit, "limit");
    }
}
