#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace photocat::core {

/**
 * A prepared SQLite statement. Bind parameters are 1-based, columns 0-based, as in SQLite.
 * Not thread-safe: use it on the thread that owns its Database.
 */
class Statement
{
public:
    Statement(sqlite3 *db, std::string_view sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    Statement(Statement &&other) noexcept;

    Statement &bind(int index, int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view value);
    Statement &bindBlob(int index, const void *data, size_t size);
    Statement &bindNull(int index);

    /** Steps once; returns true while a row is available. Throws std::runtime_error on errors. */
    bool step();
    /** Steps to completion and resets, for statements that return no rows. */
    void run();
    void reset();

    int64_t int64(int column) const;
    int integer(int column) const { return static_cast<int>(int64(column)); }
    double real(int column) const;
    std::string text(int column) const;
    std::vector<uint8_t> blob(int column) const;
    bool isNull(int column) const;

private:
    sqlite3 *mDb;
    sqlite3_stmt *mStmt = nullptr;
};

/** Owns one SQLite connection. Throws std::runtime_error naming the file when it cannot open. */
class Database
{
public:
    explicit Database(const std::string &path);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(mDb, sql); }
    int64_t lastInsertId() const;
    int changes() const;
    bool inTransaction() const;
    const std::string &path() const { return mPath; }

private:
    sqlite3 *mDb = nullptr;
    std::string mPath;
};

/** Begins a transaction and rolls it back unless commit() was called. Inside another
    transaction it is a savepoint, so operations that are atomic on their own compose. */
class Transaction
{
public:
    explicit Transaction(Database &db);
    ~Transaction();
    void commit();

private:
    Database &mDb;
    bool mNested = false;
    bool mDone = false;
};

} // namespace photocat::core
