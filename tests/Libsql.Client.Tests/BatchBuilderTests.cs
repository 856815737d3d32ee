using Libsql.Client.Hrana;

namespace Libsql.Client.Tests;

// The batch shape of the official client (@libsql/client 0.18.0, executeHranaBatch). Whether a READONLY transaction refuses writes is the
// server's business: sqld does (StmtKind::TxnBeginReadOnly); Libsql.TestServer over plain SQLite reads
// "TRANSACTION READONLY" as a transaction name, so that part is not asserted against it.
public sealed class BatchBuilderTests
{
    [Theory]
    [InlineData(LibsqlTransactionMode.Write, "BEGIN IMMEDIATE")]
    [InlineData(LibsqlTransactionMode.Read, "BEGIN TRANSACTION READONLY")]
    [InlineData(LibsqlTransactionMode.Deferred, "BEGIN DEFERRED")]
    public void Atomic_batches_begin_chain_commit_and_roll_back(LibsqlTransactionMode mode, string begin)
    {
        var statements = new[] { new HranaStatement { Sql = "A" }, new HranaStatement { Sql = "B" } };

        var batch = LibsqlBatchBuilder.Atomic(statements, mode, useAutocommitCondition: true);

        Assert.Equal([begin, "A", "B", "COMMIT", "ROLLBACK"], batch.Steps.Select(s => s.Stmt.Sql));
        Assert.Null(batch.Steps[0].Condition);
        for (var step = 1; step <= 3; step++)
        {
            var and = Assert.IsType<HranaAndBatchCondition>(batch.Steps[step].Condition);
            Assert.Equal((uint)(step - 1), Assert.IsType<HranaOkBatchCondition>(and.Conds[0]).Step);
            Assert.IsType<HranaIsAutocommitBatchCondition>(Assert.IsType<HranaNotBatchCondition>(and.Conds[1]).Cond);
        }

        var rollback = Assert.IsType<HranaNotBatchCondition>(batch.Steps[4].Condition);
        Assert.Equal(3u, Assert.IsType<HranaOkBatchCondition>(rollback.Cond).Step);
    }

    [Fact]
    public void Hrana_2_batches_leave_out_the_autocommit_condition()
    {
        var batch = LibsqlBatchBuilder.Atomic([new HranaStatement { Sql = "A" }], LibsqlTransactionMode.Write, useAutocommitCondition: false);

        Assert.Equal(0u, Assert.IsType<HranaOkBatchCondition>(batch.Steps[1].Condition).Step);
        Assert.Equal(1u, Assert.IsType<HranaOkBatchCondition>(batch.Steps[2].Condition).Step);
    }
}
