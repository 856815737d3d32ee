namespace SampleApi.Tests;

/// <summary>Note CRUD and keyset paging, against the in-process test server.</summary>
public sealed class NoteEndpointTests(ApiFixture api) : NoteEndpointTestsBase(api), IClassFixture<ApiFixture>;
