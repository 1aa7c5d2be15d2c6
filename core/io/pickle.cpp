#include "io/pickle.h"

#include "io/pickleops.h"

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

namespace photocat::core::pickle {

namespace {

constexpr int kMaxDepth = 100;
/** Values one pickle may make: a 1-byte opcode costs ~200 bytes of memory, so this bounds memory
    (about 40 MB) where the input size alone would not. A ResNet-50 state_dict makes ~7,000,
    a photocat checkpoint of one with its optimizer state ~25,000. */
constexpr size_t kMaxValues = 200'000;
/** References one pickle may take to values: stack pushes (DUP, GET), memo entries and items
    put into containers, at 16 to 64 bytes each (about 50 MB at most). */
constexpr size_t kMaxReferences = 1'000'000;

using Mutable = std::shared_ptr<Value>;

[[noreturn]] void fail(const std::string &what) { throw std::runtime_error("pickle: " + what); }

class Parser
{
public:
    Parser(std::string_view data, size_t offset) : mData(data), mPos(offset) {}

    ValuePtr run();
    size_t position() const { return mPos; }
    /** Checks the real nesting of what run() returned (memoized containers can be filled
        after they were nested, so depths counted while parsing can be too low) and cuts
        every link of values it did not return: no cycle leaks and no recursive destruction
        deeper than kMaxDepth. */
    void settle(const ValuePtr &result);

private:
    uint8_t byte() { return uint8_t(bytes(1)[0]); }
    std::string_view bytes(uint64_t n)
    {
        if (n > mData.size() - mPos)
            fail("truncated data at byte " + std::to_string(mPos));
        const auto out = mData.substr(mPos, size_t(n));
        mPos += size_t(n);
        return out;
    }
    uint64_t little(int n)
    {
        const auto b = bytes(uint64_t(n));
        uint64_t v = 0;
        for (int i = n - 1; i >= 0; --i)
            v = (v << 8) | uint8_t(b[size_t(i)]);
        return v;
    }
    std::string line()
    {
        const size_t end = mData.find('\n', mPos);
        if (end == std::string_view::npos)
            fail("truncated data at byte " + std::to_string(mPos));
        std::string s(mData.substr(mPos, end - mPos));
        mPos = end + 1;
        return s;
    }

    Mutable make(Value::Kind kind)
    {
        if (mAll.size() >= kMaxValues)
            fail("more than " + std::to_string(kMaxValues) + " values: not a weight file");
        auto v = std::make_shared<Value>();
        v->kind = kind;
        mAll.push_back(v);
        return v;
    }
    /** Counts one more reference to a value against kMaxReferences. */
    void reference()
    {
        if (++mReferences > kMaxReferences)
            fail("more than " + std::to_string(kMaxReferences) +
                 " references to values: not a weight file");
    }
    void push(Mutable v)
    {
        reference();
        mStack.push_back(std::move(v));
    }
    Mutable pop()
    {
        if (mStack.size() <= floor())
            fail("stack underflow at byte " + std::to_string(mPos));
        Mutable v = std::move(mStack.back());
        mStack.pop_back();
        return v;
    }
    Mutable &top()
    {
        if (mStack.size() <= floor())
            fail("stack underflow at byte " + std::to_string(mPos));
        return mStack.back();
    }
    size_t floor() const { return mMarks.empty() ? 0 : mMarks.back(); }
    /** Pops everything above the newest MARK, and the mark. */
    std::vector<Mutable> popMark()
    {
        if (mMarks.empty())
            fail("no MARK at byte " + std::to_string(mPos));
        std::vector<Mutable> items(mStack.begin() + long(mMarks.back()), mStack.end());
        mStack.resize(mMarks.back());
        mMarks.pop_back();
        return items;
    }
    void adopt(Value &parent, const ValuePtr &child)
    {
        reference();
        parent.depth = std::max(parent.depth, child->depth + 1);
        if (parent.depth > kMaxDepth)
            fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
        parent.items.push_back(child);
    }
    Mutable tuple(std::vector<Mutable> items)
    {
        Mutable t = make(Value::Kind::Tuple);
        for (auto &i : items)
            adopt(*t, i);
        return t;
    }
    void memoPut(uint64_t index)
    {
        reference();
        mMemo[index] = top();
    }
    void memoGet(uint64_t index)
    {
        const auto it = mMemo.find(index);
        if (it == mMemo.end())
            fail("memo entry " + std::to_string(index) + " is not set");
        push(it->second);
    }
    void pushString(Value::Kind kind, uint64_t length)
    {
        Mutable v = make(kind);
        v->text = std::string(bytes(length));
        push(v);
    }
    void pushInt(int64_t i)
    {
        Mutable v = make(Value::Kind::Int);
        v->integer = i;
        push(v);
    }
    void pushLong(uint64_t length);
    void setItems(std::vector<Mutable> items);
    void reduce(Mutable callable, Mutable args);

    std::string_view mData;
    size_t mPos;
    std::vector<Mutable> mStack;
    std::vector<size_t> mMarks;
    std::unordered_map<uint64_t, Mutable> mMemo;
    std::vector<Mutable> mAll; ///< every value made, to cut links of unreturned ones
    size_t mReferences = 0;
};

void Parser::settle(const ValuePtr &result)
{
    // Iterative post-order walk computing each value's height; grey = on the current path.
    std::unordered_map<const Value *, int> height; // -1 while grey
    struct Frame
    {
        const Value *node;
        std::vector<const Value *> children;
        size_t next = 0;
    };
    std::vector<Frame> path;
    auto enter = [&](const Value *v) {
        height[v] = -1;
        Frame f{v, {}};
        for (const auto &i : v->items)
            f.children.push_back(i.get());
        for (const auto *p :
             {v->callable.get(), v->args.get(), v->state.get(), v->persistentId.get()})
            if (p)
                f.children.push_back(p);
        path.push_back(std::move(f));
    };
    bool ok = true;
    if (result)
        enter(result.get());
    while (ok && !path.empty()) {
        Frame &f = path.back();
        if (f.next < f.children.size()) {
            const Value *child = f.children[f.next++];
            const auto it = height.find(child);
            if (it == height.end()) {
                enter(child);
                ok = path.size() <= size_t(kMaxDepth);
            } else if (it->second < 0) {
                ok = false; // a cycle
            }
            continue;
        }
        int h = 0;
        for (const Value *child : f.children)
            h = std::max(h, height[child] + 1);
        height[f.node] = h;
        path.pop_back();
    }
    for (auto &v : mAll) {
        if (ok && height.count(v.get()))
            continue;
        v->items.clear();
        v->callable = v->args = v->state = v->persistentId = nullptr;
    }
    mStack.clear();
    mMemo.clear();
    mAll.clear();
    if (!ok)
        fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels, or a cycle");
}

void Parser::pushLong(uint64_t length)
{
    const auto b = bytes(length);
    Mutable v = make(Value::Kind::Int);
    if (length <= 8) {
        uint64_t u = 0;
        for (size_t i = length; i-- > 0;)
            u = (u << 8) | uint8_t(b[i]);
        if (length > 0 && length < 8 && (uint8_t(b[length - 1]) & 0x80))
            u |= ~uint64_t(0) << (8 * length); // sign-extend
        v->integer = int64_t(u);
    } else {
        v->bigInteger = true;
        v->text = std::string(b);
    }
    push(v);
}

void Parser::setItems(std::vector<Mutable> items)
{
    Mutable &dict = top();
    if (dict->kind != Value::Kind::Dict)
        fail("SETITEMS on a non-dict at byte " + std::to_string(mPos));
    if (items.size() % 2)
        fail("odd number of dict items at byte " + std::to_string(mPos));
    for (auto &i : items)
        adopt(*dict, i);
}

void Parser::reduce(Mutable callable, Mutable args)
{
    if (callable->isGlobal("collections.OrderedDict") && args->items.empty()) {
        push(make(Value::Kind::Dict));
        return;
    }
    Mutable o = make(Value::Kind::Object);
    o->callable = callable;
    o->args = args;
    o->depth = args->depth + 1;
    if (o->depth > kMaxDepth)
        fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    push(o);
}

ValuePtr Parser::run()
{
    for (;;) {
        const uint8_t op = byte();
        switch (static_cast<Op>(op)) {
        case Op::Proto: byte(); break;
        case Op::Frame: little(8); break;
        case Op::Stop: {
            Mutable result = pop();
            return result;
        }
        case Op::Mark:
            reference();
            mMarks.push_back(mStack.size());
            break;
        case Op::Pop: pop(); break;
        case Op::PopMark: popMark(); break;
        case Op::Dup: push(top()); break;
        case Op::None: push(make(Value::Kind::None)); break;
        case Op::NewTrue:
        case Op::NewFalse: {
            Mutable v = make(Value::Kind::Bool);
            v->integer = op == uint8_t(Op::NewTrue);
            push(v);
            break;
        }
        case Op::BinInt: pushInt(int32_t(uint32_t(little(4)))); break;
        case Op::BinInt1: pushInt(int64_t(little(1))); break;
        case Op::BinInt2: pushInt(int64_t(little(2))); break;
        case Op::Long1: pushLong(little(1)); break;
        case Op::Long4: pushLong(little(4)); break;
        case Op::BinFloat: { // big-endian
            const auto b = bytes(8);
            uint64_t u = 0;
            for (char c : b)
                u = (u << 8) | uint8_t(c);
            Mutable v = make(Value::Kind::Float);
            std::memcpy(&v->real, &u, 8);
            push(v);
            break;
        }
        case Op::BinUnicode: pushString(Value::Kind::String, little(4)); break;
        case Op::ShortBinUnicode: pushString(Value::Kind::String, little(1)); break;
        case Op::BinUnicode8: pushString(Value::Kind::String, little(8)); break;
        case Op::BinString: pushString(Value::Kind::Bytes, little(4)); break;
        case Op::ShortBinString: pushString(Value::Kind::Bytes, little(1)); break;
        case Op::BinBytes: pushString(Value::Kind::Bytes, little(4)); break;
        case Op::ShortBinBytes: pushString(Value::Kind::Bytes, little(1)); break;
        case Op::BinBytes8: pushString(Value::Kind::Bytes, little(8)); break;
        case Op::EmptyTuple: push(make(Value::Kind::Tuple)); break;
        case Op::Tuple: push(tuple(popMark())); break;
        case Op::Tuple1:
        case Op::Tuple2:
        case Op::Tuple3: {
            std::vector<Mutable> items(size_t(op - uint8_t(Op::Tuple1) + 1));
            for (size_t i = items.size(); i-- > 0;)
                items[i] = pop();
            push(tuple(std::move(items)));
            break;
        }
        case Op::EmptyList: push(make(Value::Kind::List)); break;
        case Op::List: {
            Mutable l = tuple(popMark());
            l->kind = Value::Kind::List;
            push(l);
            break;
        }
        case Op::Append: {
            Mutable v = pop();
            if (top()->kind != Value::Kind::List)
                fail("APPEND to a non-list at byte " + std::to_string(mPos));
            adopt(*top(), v);
            break;
        }
        case Op::Appends: {
            auto items = popMark();
            if (top()->kind != Value::Kind::List)
                fail("APPENDS to a non-list at byte " + std::to_string(mPos));
            for (auto &i : items)
                adopt(*top(), i);
            break;
        }
        case Op::EmptyDict: push(make(Value::Kind::Dict)); break;
        case Op::Dict: {
            auto items = popMark();
            push(make(Value::Kind::Dict));
            setItems(std::move(items));
            break;
        }
        case Op::SetItem: {
            Mutable value = pop();
            Mutable key = pop();
            setItems({key, value});
            break;
        }
        case Op::SetItems: setItems(popMark()); break;
        case Op::EmptySet: push(make(Value::Kind::Set)); break;
        case Op::AddItems: {
            auto items = popMark();
            if (top()->kind != Value::Kind::Set)
                fail("ADDITEMS to a non-set at byte " + std::to_string(mPos));
            for (auto &i : items)
                adopt(*top(), i);
            break;
        }
        case Op::FrozenSet: {
            Mutable s = tuple(popMark());
            s->kind = Value::Kind::Set;
            push(s);
            break;
        }
        case Op::Global: {
            Mutable g = make(Value::Kind::Global);
            g->text = line();
            g->text += "." + line();
            push(g);
            break;
        }
        case Op::StackGlobal: {
            Mutable name = pop(), module = pop();
            if (name->kind != Value::Kind::String || module->kind != Value::Kind::String)
                fail("STACK_GLOBAL without names at byte " + std::to_string(mPos));
            Mutable g = make(Value::Kind::Global);
            g->text = module->text + "." + name->text;
            push(g);
            break;
        }
        case Op::Reduce: {
            Mutable args = pop(), callable = pop();
            reduce(callable, args);
            break;
        }
        case Op::NewObj: {
            Mutable args = pop(), cls = pop();
            reduce(cls, args);
            break;
        }
        case Op::NewObjEx: {
            pop(); // kwargs
            Mutable args = pop(), cls = pop();
            reduce(cls, args);
            break;
        }
        case Op::Build: {
            Mutable state = pop();
            Mutable &target = top();
            if (target->kind == Value::Kind::Object) {
                target->state = state;
                target->depth = std::max(target->depth, state->depth + 1);
                if (target->depth > kMaxDepth)
                    fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
            }
            break; // a dict's state (OrderedDict._metadata) is not needed
        }
        case Op::Put: memoPut(std::stoull(line())); break;
        case Op::BinPut: memoPut(little(1)); break;
        case Op::LongBinPut: memoPut(little(4)); break;
        case Op::Memoize: memoPut(mMemo.size()); break;
        case Op::Get: memoGet(std::stoull(line())); break;
        case Op::BinGet: memoGet(little(1)); break;
        case Op::LongBinGet: memoGet(little(4)); break;
        case Op::BinPersId: {
            Mutable id = pop();
            Mutable o = make(Value::Kind::Object);
            o->persistentId = id;
            o->depth = id->depth + 1;
            push(o);
            break;
        }
        default: {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02x", op);
            fail(std::string("unsupported opcode ") + hex + " at byte " + std::to_string(mPos - 1));
        }
        }
    }
}

} // namespace

ValuePtr Value::get(std::string_view key) const
{
    if (kind != Kind::Dict)
        return nullptr;
    for (size_t i = 0; i + 1 < items.size(); i += 2)
        if (items[i]->kind == Kind::String && items[i]->text == key)
            return items[i + 1];
    return nullptr;
}

ValuePtr parse(std::string_view data, size_t &offset)
{
    if (offset > data.size())
        fail("offset past the end of the data");
    Parser parser(data, offset);
    ValuePtr v;
    try {
        v = parser.run();
    } catch (const std::invalid_argument &) {
        parser.settle(nullptr);
        fail("malformed number in a text opcode");
    } catch (const std::out_of_range &) {
        parser.settle(nullptr);
        fail("number out of range in a text opcode");
    } catch (...) {
        parser.settle(nullptr);
        throw;
    }
    parser.settle(v);
    offset = parser.position();
    return v;
}

} // namespace photocat::core::pickle
