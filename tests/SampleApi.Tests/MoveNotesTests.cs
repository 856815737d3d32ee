namespace SampleApi.Tests;

/// <summary>The transactional endpoint: a move happens completely or not at all, against the in-process test server.</summary>
public sealed class MoveNotesTests(ApiFixture api) : MoveNotesTestsBase(api), IClassFixture<ApiFixture>;
