#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace photocat::core::pickle {

struct Value;
using ValuePtr = std::shared_ptr<const Value>;

/**
 * A value of a Python pickle, as data: nothing is imported or executed. A GLOBAL becomes a
 * Global value naming "module.name", and calling it (REDUCE, NEWOBJ) becomes an Object holding
 * the callable and its arguments, which the caller interprets (torch's _rebuild_tensor_v2, ...).
 * collections.OrderedDict() becomes a plain Dict.
 */
struct Value
{
    enum class Kind {
        None,
        Bool,
        Int,
        Float,
        String,
        Bytes,
        Tuple,
        List,
        Dict,
        Set,
        Global,
        Object
    };
    Kind kind = Kind::None;
    int64_t integer = 0;            ///< Bool, Int (when it fits; see bigInteger)
    bool bigInteger = false;        ///< Int wider than 64 bits; raw little-endian bytes in text
    double real = 0;                ///< Float
    std::string text;               ///< String, Bytes, Global ("module.name")
    std::vector<ValuePtr> items;    ///< Tuple, List, Set; Dict: key0, value0, key1, value1, ...
    ValuePtr callable, args, state; ///< Object: callable(*args), then BUILD state
    ValuePtr persistentId;          ///< Object made by BINPERSID (a torch storage): its id tuple
    int depth = 0;                  ///< nesting depth, bounded while parsing

    bool isGlobal(std::string_view name) const { return kind == Kind::Global && text == name; }
    /** Dict lookup by string key; null when absent or not a dict. */
    ValuePtr get(std::string_view key) const;
};

/**
 * Parses one pickle (protocols 2–5, the opcodes torch.save and pickle.dump write) starting at
 * data[offset] and leaves offset after its STOP. Throws std::runtime_error ("pickle: ...") for
 * truncated or malformed data and unsupported opcodes. Work and memory are bounded by the
 * input's size; nesting deeper than 100 levels is refused.
 */
ValuePtr parse(std::string_view data, size_t &offset);

} // namespace photocat::core::pickle
