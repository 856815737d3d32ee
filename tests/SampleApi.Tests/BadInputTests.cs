using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SampleApi.Tests;

/// <summary>
/// Whatever a client sends, SampleApi answers a 4xx problem that says what to fix, never a 500, and writes nothing.
/// </summary>
public sealed class BadInputTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// One bad request per row. <c>{folder}</c> and <c>{note}</c> stand for the seeded ids. <paramref name="hint"/> is
    /// <c>field:x</c> for a validation problem naming field x, else a phrase the problem's detail must contain.
    /// </summary>
    [Theory]
    // Malformed JSON and wrong shapes.
    [InlineData("POST", "/folders", """{"name":""", 400, "Path: $")]
    [InlineData("POST", "/folders", "not json", 400, "Path: $")]
    [InlineData("POST", "/folders", "", 400, "body is empty")]
    [InlineData("POST", "/folders", "[]", 400, "could not be converted")]
    [InlineData("POST", "/folders", """{"name":123}""", 400, "Path: $.name")]
    [InlineData("POST", "/folders", """{"name":"a"} trailing""", 400, "Path: $")]
    [InlineData("POST", "/folders/{folder}/notes", """{"title":{"nested":true}}""", 400, "Path: $.title")]
    [InlineData("PUT", "/notes/{note}", """{"title":"t","body":42}""", 400, "Path: $.body")]
    [InlineData("POST", "/notes/move", """{"folderId":"one","noteIds":[1]}""", 400, "Path: $.folderId")]
    [InlineData("POST", "/notes/move", """{"folderId":1,"noteIds":[1.5]}""", 400, "Path: $.noteIds[0]")]
    [InlineData("POST", "/notes/move", """{"folderId":1,"noteIds":[99999999999999999999]}""", 400, "Path: $.noteIds[0]")]
    [InlineData("POST", "/notes/move", """{"folderId":1,"noteIds":"1"}""", 400, "Path: $.noteIds")]
    [InlineData("POST", "/notes/move", """{"folderId":{folder},"noteIds":null}""", 400, "field:noteIds")]
    // Missing and invalid fields.
    [InlineData("PUT", "/folders/{folder}", "{}", 400, "field:name")]
    [InlineData("PUT", "/notes/{note}", """{"body":"b"}""", 400, "field:title")]
    [InlineData("POST", "/notes/move", """{"folderId":-1,"noteIds":[{note}]}""", 400, "field:folderId")]
    [InlineData("POST", "/notes/move", """{"folderId":{folder},"noteIds":[-5]}""", 400, "field:noteIds")]
    // Unicode: lone surrogates cannot be read as text; NUL, other controls and bidi overrides are refused by name.
    [InlineData("POST", "/folders", """{"name":"\ud800"}""", 400, "Path: $.name")]
    [InlineData("POST", "/folders", """{"name":"a\udc00b"}""", 400, "Path: $.name")]
    [InlineData("PUT", "/folders/{folder}", """{"name":"a\u0000b"}""", 400, "field:name")]
    [InlineData("POST", "/folders", """{"name":"line\nbreak"}""", 400, "field:name")]
    [InlineData("POST", "/folders", """{"name":"\u202Egnp.exe"}""", 400, "field:name")]
    [InlineData("POST", "/folders/{folder}/notes", """{"title":"bell\u0007","body":"b"}""", 400, "field:title")]
    [InlineData("PUT", "/notes/{note}", """{"title":"t","body":"nul\u0000inside"}""", 400, "field:body")]
    [InlineData("POST", "/folders/{folder}/notes", """{"title":"\u2066isolate\u2069"}""", 400, "field:title")]
    // Paging: huge, negative and non-numeric page positions and sizes.
    [InlineData("GET", "/folders?limit=99999999999999999999", null, 400, "limit")]
    [InlineData("GET", "/folders?after=9223372036854775808", null, 400, "after")]
    [InlineData("GET", "/folders?limit=-5", null, 400, "field:limit")]
    [InlineData("GET", "/folders?limit=abc", null, 400, "limit")]
    [InlineData("GET", "/folders?after=-9223372036854775808", null, 400, "field:after")]
    [InlineData("GET", "/folders/{folder}/notes?limit=1000000", null, 400, "field:limit")]
    [InlineData("GET", "/folders/{folder}/notes?after=1e3", null, 400, "after")]
    // A body that is not JSON at all.
    [InlineData("POST", "/folders", "text/plain:name=x", 415, "Content-Type: application/json")]
    public async Task A_bad_request_answers_4xx_problem_details_saying_what_to_fix_and_writes_nothing(
        string method, string path, string? body, int status, string hint)
    {
        var before = await fixture.SnapshotAsync();

        using var response = await SendAsync(method, Resolve(path), body is null ? null : Resolve(body));

        var problem = await Api.ProblemAsync(response, (HttpStatusCode)status);
        if (hint.StartsWith("field:", StringComparison.Ordinal))
        {
            var field = hint["field:".Length..];
            Assert.True(problem.Errors.ContainsKey(field), $"No error for '{field}': {string.Join(", ", problem.Errors.Keys)}");
            Assert.All(problem.Errors[field], message => Assert.False(string.IsNullOrWhiteSpace(message)));
        }
        else
        {
            Assert.True(problem.Detail?.Contains(hint, StringComparison.Ordinal), $"'{hint}' not in: {problem.Detail}");
        }

        Assert.Equal(before, await fixture.SnapshotAsync());
    }

    [Fact]
    public async Task A_body_over_the_limit_answers_413_whether_its_length_is_declared_or_not()
    {
        var before = await fixture.SnapshotAsync();
        var json = $$"""{"title":"big","body":"{{new string('x', 200_000)}}"}""";

        using var declared = await fixture.Client.SendJsonAsync(HttpMethod.Post, $"/folders/{fixture.FolderId}/notes", json);
        var chunked = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(json)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var streamed = await fixture.Client.PutAsync($"/notes/{fixture.NoteId}", chunked, Ct);

        foreach (var response in new[] { declared, streamed })
        {
            var problem = await Api.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains("64 KiB", problem.Detail, StringComparison.Ordinal);
        }

        Assert.Null(chunked.Headers.ContentLength);
        Assert.Equal(before, await fixture.SnapshotAsync());
    }

    [Fact]
    public async Task A_note_at_its_longest_fits_under_the_limit_even_with_every_character_escaped()
    {
        var escaped = string.Concat(Enumerable.Repeat("\\u00e9", 10_000));
        var title = string.Concat(Enumerable.Repeat("\\u00e9", 200));

        using var response = await fixture.Client.SendJsonAsync(
            HttpMethod.Post, $"/folders/{fixture.FolderId}/notes", $$"""{"title":"{{title}}","body":"{{escaped}}"}""");

        await Api.ExpectAsync(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Body_bytes_that_are_not_UTF_8_answer_400()
    {
        var before = await fixture.SnapshotAsync();
        var content = new ByteArrayContent([.. "{\"name\":\"a"u8, 0xFF, 0xFE, .. "\"}"u8]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await fixture.Client.PostAsync("/folders", content, Ct);

        var problem = await Api.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.Detail?.Contains("Path: $.name", StringComparison.Ordinal), problem.Detail);
        Assert.Equal(before, await fixture.SnapshotAsync());
    }

    [Theory]
    [InlineData("📁 Projects 🗂️")]
    [InlineData("שלום עולם")]
    [InlineData("مرحبا")]
    [InlineData("e\u0301 combining")]
    [InlineData("𝔘𝔫𝔦𝔠𝔬𝔡𝔢")]
    public async Task Ordinary_unicode_names_round_trip_exactly(string name)
    {
        var unique = $"{name} {Guid.NewGuid():N}";

        var folder = await fixture.Client.CreateFolderAsync(unique);
        var note = await fixture.Client.CreateNoteAsync(folder.Id, name, $"{name}\n\tsecond line");

        Assert.Equal(unique, (await fixture.Client.GetFolderAsync(folder.Id)).Name);
        var stored = await fixture.Client.GetNoteAsync(note.Id);
        Assert.Equal((name, $"{name}\n\tsecond line"), (stored.Title, stored.Body));
    }

    [Fact]
    public async Task A_page_after_the_largest_id_is_empty_not_an_error()
    {
        using var folders = await fixture.Client.GetAsync($"/folders?after={long.MaxValue}&limit=100", Ct);
        using var notes = await fixture.Client.GetAsync($"/folders/{fixture.FolderId}/notes?after={long.MaxValue}", Ct);
        using var missing = await fixture.Client.GetAsync($"/folders/{long.MaxValue}/notes", Ct);

        await Api.ExpectAsync(folders, HttpStatusCode.OK);
        Assert.Contains("\"items\":[]", await folders.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await Api.ExpectAsync(notes, HttpStatusCode.OK);
        await Api.ProblemAsync(missing, HttpStatusCode.NotFound);
    }

    private string Resolve(string text) => text
        .Replace("{folder}", fixture.FolderId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{note}", fixture.NoteId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private Task<HttpResponseMessage> SendAsync(string method, string path, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null && body.StartsWith("text/plain:", StringComparison.Ordinal))
        {
            request.Content = new StringContent(body["text/plain:".Length..], Encoding.UTF8, "text/plain");
        }
        else if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return fixture.Client.SendAsync(request, Ct);
    }

    /// <summary>A stream whose length is unknown, so that HttpClient sends it chunked, without Content-Length.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
