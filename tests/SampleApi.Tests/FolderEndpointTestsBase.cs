using System.Net;
using System.Net.Http.Json;
using SampleApi.Folders;
using SampleApi.Infrastructure;

namespace SampleApi.Tests;

/// <summary>Folder CRUD and keyset paging; run against the test server and against real sqld.</summary>
public abstract class FolderEndpointTestsBase(IApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client => api.Client;

    [Fact]
    public async Task Create_answers_201_with_location_and_the_trimmed_folder()
    {
        var name = Api.Unique("Inbox");
        using var response = await Client.PostAsJsonAsync("/folders", new FolderRequest { Name = $"  {name} " }, Api.Json.FolderRequest, Ct);

        await Api.ExpectAsync(response, HttpStatusCode.Created);
        var folder = (await response.Content.ReadFromJsonAsync(Api.Json.Folder, Ct))!;
        Assert.Equal(name, folder.Name);
        Assert.Equal(0, folder.NoteCount);
        Assert.True(folder.Id > 0);
        Assert.InRange(folder.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal($"/folders/{folder.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(folder, await Client.GetFolderAsync(folder.Id));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"name":null}""")]
    [InlineData("""{"name":"   "}""")]
    public async Task Create_without_a_name_answers_400_naming_the_field(string body)
    {
        using var response = await Client.SendJsonAsync(HttpMethod.Post, "/folders", body);
        await Api.ValidationProblemAsync(response, "name");
    }

    [Fact]
    public async Task Create_with_a_too_long_name_answers_400_naming_the_field()
    {
        using var response = await Client.PostAsJsonAsync("/folders", new FolderRequest { Name = new string('x', 101) }, Api.Json.FolderRequest, Ct);
        await Api.ValidationProblemAsync(response, "name");
    }

    [Fact]
    public async Task Malformed_json_answers_400_problem_details()
    {
        using var response = await Client.SendJsonAsync(HttpMethod.Post, "/folders", """{"name": """);
        await Api.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Create_with_a_taken_name_in_other_case_answers_409()
    {
        var folder = await Client.CreateFolderAsync();

        using var response = await Client.PostAsJsonAsync("/folders", new FolderRequest { Name = folder.Name.ToUpperInvariant() }, Api.Json.FolderRequest, Ct);

        var problem = await Api.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains(folder.Name.ToUpperInvariant(), problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_of_a_missing_folder_answers_404_problem_details()
    {
        using var response = await Client.GetAsync("/folders/999999999", Ct);
        var problem = await Api.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("999999999", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rename_answers_200_and_the_new_name_is_stored()
    {
        var folder = await Client.CreateFolderAsync();
        var name = Api.Unique("Renamed");

        using var response = await Client.PutAsJsonAsync($"/folders/{folder.Id}", new FolderRequest { Name = name }, Api.Json.FolderRequest, Ct);

        await Api.ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal(folder with { Name = name }, await response.Content.ReadFromJsonAsync(Api.Json.Folder, Ct));
        Assert.Equal(name, (await Client.GetFolderAsync(folder.Id)).Name);
    }

    [Fact]
    public async Task Rename_errors_answer_400_404_and_409()
    {
        var folder = await Client.CreateFolderAsync();
        var other = await Client.CreateFolderAsync();

        using var invalid = await Client.SendJsonAsync(HttpMethod.Put, $"/folders/{folder.Id}", "{}");
        await Api.ValidationProblemAsync(invalid, "name");

        using var missing = await Client.PutAsJsonAsync("/folders/999999999", new FolderRequest { Name = Api.Unique("x") }, Api.Json.FolderRequest, Ct);
        await Api.ProblemAsync(missing, HttpStatusCode.NotFound);

        using var taken = await Client.PutAsJsonAsync($"/folders/{folder.Id}", new FolderRequest { Name = other.Name }, Api.Json.FolderRequest, Ct);
        await Api.ProblemAsync(taken, HttpStatusCode.Conflict);
        Assert.Equal(folder.Name, (await Client.GetFolderAsync(folder.Id)).Name);
    }

    [Fact]
    public async Task Delete_of_an_empty_folder_answers_204_then_404()
    {
        var folder = await Client.CreateFolderAsync();

        using var deleted = await Client.DeleteAsync($"/folders/{folder.Id}", Ct);
        await Api.ExpectAsync(deleted, HttpStatusCode.NoContent);

        using var again = await Client.DeleteAsync($"/folders/{folder.Id}", Ct);
        await Api.ProblemAsync(again, HttpStatusCode.NotFound);
        using var get = await Client.GetAsync($"/folders/{folder.Id}", Ct);
        await Api.ProblemAsync(get, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_of_a_folder_with_notes_answers_409_and_keeps_it()
    {
        var folder = await Client.CreateFolderAsync();
        await Client.CreateNoteAsync(folder.Id);

        using var response = await Client.DeleteAsync($"/folders/{folder.Id}", Ct);

        await Api.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(1, (await Client.GetFolderAsync(folder.Id)).NoteCount);
    }

    [Fact]
    public async Task List_walks_every_folder_once_in_id_order_with_keyset_pages()
    {
        var created = new List<Folder>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await Client.CreateFolderAsync());
        }

        var seen = new List<Folder>();
        long? after = 0;
        var pages = 0;
        while (after is not null)
        {
            var page = (await Client.GetFromJsonAsync($"/folders?after={after}&limit=2", Api.Json.PageFolder, Ct))!;
            Assert.InRange(page.Items.Count, 1, 2);
            if (page.NextAfter is not null)
            {
                Assert.Equal(page.Items[^1].Id, page.NextAfter);
            }

            seen.AddRange(page.Items);
            after = page.NextAfter;
            pages++;
        }

        Assert.True(pages >= 3);
        Assert.Equal(seen.Select(f => f.Id).Order(), seen.Select(f => f.Id));
        Assert.Equal(seen.Count, seen.Select(f => f.Id).Distinct().Count());
        Assert.All(created, folder => Assert.Contains(folder, seen));

        var startingAfterFirst = (await Client.GetFromJsonAsync($"/folders?after={created[0].Id}&limit=100", Api.Json.PageFolder, Ct))!;
        Assert.DoesNotContain(startingAfterFirst.Items, f => f.Id <= created[0].Id);
        Assert.Contains(created[1], startingAfterFirst.Items);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("after=-1", "after")]
    public async Task List_with_bad_paging_answers_400_naming_the_parameter(string query, string field)
    {
        using var response = await Client.GetAsync($"/folders?{query}", Ct);
        await Api.ValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task List_default_page_size_is_the_documented_one()
    {
        for (var i = 0; i <= Page<Folder>.DefaultLimit; i++)
        {
            await Client.CreateFolderAsync();
        }

        var page = (await Client.GetFromJsonAsync("/folders", Api.Json.PageFolder, Ct))!;

        Assert.Equal(Page<Folder>.DefaultLimit, page.Items.Count);
        Assert.NotNull(page.NextAfter);
    }
}
