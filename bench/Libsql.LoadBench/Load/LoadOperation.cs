namespace Libsql.LoadBench;

/// <summary>What one request of the load does; latencies are kept per operation.</summary>
internal enum LoadOperation
{
    /// <summary>GET /notes/{id}: the client's own note (its last acknowledged text must come back) or a moving note.</summary>
    ReadNote,

    /// <summary>GET /folders/{id}/notes: one keyset page.</summary>
    ListNotes,

    /// <summary>GET /folders/{id}.</summary>
    ReadFolder,

    /// <summary>POST /folders/{id}/notes: a write transaction (count + insert).</summary>
    CreateNote,

    /// <summary>PUT /notes/{id} of one of the client's own notes.</summary>
    UpdateNote,

    /// <summary>POST /notes/move of 1 to 3 shared notes: a write transaction that moves and recounts.</summary>
    MoveNotes,
}
