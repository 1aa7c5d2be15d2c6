#include "store/sqlite.h"

#include <sqlite3.h>

#include <stdexcept>

namespace photocat::core {

namespace {
[[noreturn]] void fail(sqlite3 *db, std::string_view what)
{
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}
} // namespace

Statement::Statement(sqlite3 *db, std::string_view sql) : mDb(db)
{
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &mStmt, nullptr) !=
        SQLITE_OK)
        fail(db, "SQL error in \"" + std::string(sql.substr(0, 60)) + "\"");
}

Statement::~Statement() { sqlite3_finalize(mStmt); }

Statement::Statement(Statement &&other) noexcept : mDb(other.mDb), mStmt(other.mStmt)
{
    other.mStmt = nullptr;
}

Statement &Statement::bind(int index, int64_t value)
{
    sqlite3_bind_int64(mStmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    sqlite3_bind_double(mStmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, std::string_view value)
{
    sqlite3_bind_text(mStmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindBlob(int index, const void *data, size_t size)
{
    sqlite3_bind_blob(mStmt, index, data, static_cast<int>(size), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    sqlite3_bind_null(mStmt, index);
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(mStmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    const std::string message = sqlite3_errmsg(mDb);
    sqlite3_reset(mStmt);
    throw std::runtime_error("database error: " + message);
}

void Statement::run()
{
    while (step()) {
    }
    reset();
}

void Statement::reset()
{
    sqlite3_reset(mStmt);
    sqlite3_clear_bindings(mStmt);
}

int64_t Statement::int64(int column) const { return sqlite3_column_int64(mStmt, column); }
double Statement::real(int column) const { return sqlite3_column_double(mStmt, column); }
bool Statement::isNull(int column) const
{
    return sqlite3_column_type(mStmt, column) == SQLITE_NULL;
}

std::string Statement::text(int column) const
{
    const auto *p = sqlite3_column_text(mStmt, column);
    return p ? std::string(reinterpret_cast<const char *>(p),
                           static_cast<size_t>(sqlite3_column_bytes(mStmt, column)))
             : std::string();
}

std::vector<uint8_t> Statement::blob(int column) const
{
    const auto *p = static_cast<const uint8_t *>(sqlite3_column_blob(mStmt, column));
    return p ? std::vector<uint8_t>(p, p + sqlite3_column_bytes(mStmt, column))
             : std::vector<uint8_t>();
}

Database::Database(const std::string &path) : mPath(path)
{
    if (sqlite3_open_v2(path.c_str(), &mDb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        const std::string message = mDb ? sqlite3_errmsg(mDb) : "out of memory";
        sqlite3_close(mDb);
        throw std::runtime_error(path + ": cannot open database: " + message);
    }
    // Another process (GUI + CLI) may hold the write lock briefly.
    sqlite3_busy_timeout(mDb, 5000);
}

Database::~Database() { sqlite3_close(mDb); }

void Database::exec(std::string_view sql)
{
    char *error = nullptr;
    if (sqlite3_exec(mDb, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : "unknown error";
        sqlite3_free(error);
        throw std::runtime_error(mPath + ": " + message);
    }
}

int64_t Database::lastInsertId() const { return sqlite3_last_insert_rowid(mDb); }
int Database::changes() const { return sqlite3_changes(mDb); }

bool Database::inTransaction() const { return sqlite3_get_autocommit(mDb) == 0; }

Transaction::Transaction(Database &db) : mDb(db), mNested(db.inTransaction())
{
    mDb.exec(mNested ? "SAVEPOINT nested" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    if (!mDone) {
        try {
            mDb.exec(mNested ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK");
        } catch (...) {
            // A destructor must not throw; SQLite rolls back an unfinished transaction itself
            // when the connection closes.
        }
    }
}

void Transaction::commit()
{
    mDb.exec(mNested ? "RELEASE nested" : "COMMIT");
    mDone = true;
}

} // namespace photocat::core
