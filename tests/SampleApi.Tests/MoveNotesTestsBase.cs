using System.Net;
using System.Net.Http.Json;
using SampleApi.Notes;

namespace SampleApi.Tests;

/// <summary>The transactional endpoint: a move happens completely or not at all; run against the test server and against real sqld.</summary>
public abstract class MoveNotesTestsBase(IApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client => api.Client;

    [Fact]
    public async Task Move_answers_200_moves_every_note_and_recounts_both_folders()
    {
        var source = await Client.CreateFolderAsync();
        var target = await Client.CreateFolderAsync();
        var a = await Client.CreateNoteAsync(source.Id);
        var b = await Client.CreateNoteAsync(source.Id);
        var stays = await Client.CreateNoteAsync(source.Id);

        using var response = await Client.MoveAsync(target.Id, a.Id, b.Id);

        await Api.ExpectAsync(response, HttpStatusCode.OK);
        var result = (await response.Content.ReadFromJsonAsync(Api.Json.MoveNotesResult, Ct))!;
        Assert.Equal(2, result.Moved);
        Assert.Equal((target.Id, 2L), (result.Folder.Id, result.Folder.NoteCount));
        Assert.Equal(1, (await Client.GetFolderAsync(source.Id)).NoteCount);
        Assert.Equal([a.Id, b.Id], (await Client.ListAllNotesAsync(target.Id)).Select(n => n.Id));
        Assert.Equal([stays.Id], (await Client.ListAllNotesAsync(source.Id)).Select(n => n.Id));
        Assert.Equal(target.Id, (await Client.GetNoteAsync(a.Id)).FolderId);
    }

    [Fact]
    public async Task Move_from_several_folders_and_of_notes_already_there_counts_right()
    {
        var first = await Client.CreateFolderAsync();
        var second = await Client.CreateFolderAsync();
        var target = await Client.CreateFolderAsync();
        var a = await Client.CreateNoteAsync(first.Id);
        var b = await Client.CreateNoteAsync(second.Id);
        var already = await Client.CreateNoteAsync(target.Id);

        using var response = await Client.MoveAsync(target.Id, a.Id, already.Id, b.Id);

        await Api.ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync(Api.Json.MoveNotesResult, Ct))!.Moved);
        var counts = new List<long>();
        foreach (var folder in new[] { first, second, target })
        {
            counts.Add((await Client.GetFolderAsync(folder.Id)).NoteCount);
        }

        Assert.Equal([0L, 0L, 3L], counts);
    }

    [Fact]
    public async Task A_title_clash_on_a_later_note_answers_409_and_rolls_back_the_earlier_moves()
    {
        var source = await Client.CreateFolderAsync();
        var target = await Client.CreateFolderAsync();
        var first = await Client.CreateNoteAsync(source.Id, "First");
        var clash = await Client.CreateNoteAsync(source.Id, "Clash");
        await Client.CreateNoteAsync(target.Id, "clash");

        // The first UPDATE succeeds inside the transaction; the second hits UNIQUE(folder_id, title).
        using var response = await Client.MoveAsync(target.Id, first.Id, clash.Id);

        var problem = await Api.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("no note was moved", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(source.Id, (await Client.GetNoteAsync(first.Id)).FolderId);
        Assert.Equal(first.UpdatedAt, (await Client.GetNoteAsync(first.Id)).UpdatedAt);
        Assert.Equal(2, (await Client.GetFolderAsync(source.Id)).NoteCount);
        Assert.Equal(1, (await Client.GetFolderAsync(target.Id)).NoteCount);
        Assert.Equal(2, (await Client.ListAllNotesAsync(source.Id)).Count);
    }

    [Fact]
    public async Task A_missing_note_answers_404_naming_it_and_nothing_moves()
    {
        var source = await Client.CreateFolderAsync();
        var target = await Client.CreateFolderAsync();
        var note = await Client.CreateNoteAsync(source.Id);

        using var response = await Client.MoveAsync(target.Id, note.Id, 999999999);

        var problem = await Api.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("999999999", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(source.Id, (await Client.GetNoteAsync(note.Id)).FolderId);
        Assert.Equal(0, (await Client.GetFolderAsync(target.Id)).NoteCount);
    }

    [Fact]
    public async Task A_missing_target_folder_answers_404()
    {
        var source = await Client.CreateFolderAsync();
        var note = await Client.CreateNoteAsync(source.Id);

        using var response = await Client.MoveAsync(999999999, note.Id);

        await Api.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(1, (await Client.GetFolderAsync(source.Id)).NoteCount);
    }

    [Theory]
    [InlineData("""{"folderId":1}""", "noteIds")]
    [InlineData("""{"folderId":1,"noteIds":[]}""", "noteIds")]
    [InlineData("""{"folderId":1,"noteIds":[1,1]}""", "noteIds")]
    [InlineData("""{"folderId":1,"noteIds":[0]}""", "noteIds")]
    [InlineData("""{"noteIds":[1]}""", "folderId")]
    [InlineData("""{"folderId":0,"noteIds":[1]}""", "folderId")]
    public async Task Invalid_requests_answer_400_naming_the_field(string body, string field)
    {
        using var response = await Client.SendJsonAsync(HttpMethod.Post, "/notes/move", body);
        await Api.ValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task More_than_the_maximum_notes_answers_400()
    {
        var ids = Enumerable.Range(1, MoveNotesRequest.MaxNotes + 1).Select(i => (long)i).ToArray();
        using var response = await Client.MoveAsync(1, ids);
        await Api.ValidationProblemAsync(response, "noteIds");
    }

    [Fact]
    public async Task Concurrent_moves_of_the_same_notes_lose_no_update()
    {
        var folders = new[] { await Client.CreateFolderAsync(), await Client.CreateFolderAsync(), await Client.CreateFolderAsync() };
        var notes = new List<Note>();
        for (var i = 0; i < 6; i++)
        {
            notes.Add(await Client.CreateNoteAsync(folders[0].Id));
        }

        // Each move reads a note's current folder and uncounts it; without a write transaction two moves of
        // one note would both uncount the same folder and the counts would drift.
        var random = new Random(7);
        var moves = Enumerable.Range(0, 120)
            .Select(_ => (Target: folders[random.Next(folders.Length)].Id, Notes: notes.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).Select(n => n.Id).ToArray()))
            .ToList();
        await Parallel.ForEachAsync(moves, new ParallelOptions { MaxDegreeOfParallelism = 12, CancellationToken = Ct }, async (move, _) =>
        {
            using var response = await Client.MoveAsync(move.Target, move.Notes);
            await Api.ExpectAsync(response, HttpStatusCode.OK);
        });

        var total = 0L;
        foreach (var folder in folders)
        {
            var listed = await Client.ListAllNotesAsync(folder.Id);
            Assert.Equal(listed.Count, (await Client.GetFolderAsync(folder.Id)).NoteCount);
            total += listed.Count;
        }

        Assert.Equal(notes.Count, total);
    }
}
