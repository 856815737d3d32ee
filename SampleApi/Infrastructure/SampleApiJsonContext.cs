using System.Text.Json;
using System.Text.Json.Serialization;
using SampleApi.Folders;
using SampleApi.Notes;

namespace SampleApi.Infrastructure;

/// <summary>Source-generated JSON for every type the API reads or writes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Folder))]
[JsonSerializable(typeof(FolderRequest))]
[JsonSerializable(typeof(Page<Folder>))]
[JsonSerializable(typeof(Note))]
[JsonSerializable(typeof(NoteRequest))]
[JsonSerializable(typeof(Page<Note>))]
[JsonSerializable(typeof(MoveNotesRequest))]
[JsonSerializable(typeof(MoveNotesResult))]
[JsonSerializable(typeof(IReadOnlyList<long>))]
public sealed partial class SampleApiJsonContext : JsonSerializerContext;
