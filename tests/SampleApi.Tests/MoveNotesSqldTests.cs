namespace SampleApi.Tests;

/// <summary>The transactional endpoint: a move happens completely or not at all, against real sqld in a container (skipped without Docker).</summary>
public sealed class MoveNotesSqldTests(SqldApiFixture api) : MoveNotesTestsBase(api), IClassFixture<SqldApiFixture>;
