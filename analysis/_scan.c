/* analysis._scan: the tokenizer of analysis.tokens in C, and two helpers for merging the
 * vocabularies of a load in several processes (merge, gather: analysis.tokens.merge_sorted
 * and remap_codes, which fall back to Python and NumPy without them).
 *
 * encode(text) finds exactly the matches of analysis.tokens.TOKEN_RE (Python's `re`, in
 * Unicode mode) and codes each token into the text's own types, in order of first
 * appearance: the result of analysis.tokens.encode, without a Python object per token.
 * The grammar, as TOKEN_RE states it (tests/test_scan.py checks the two agree on any text):
 *
 *   token  = (?=alnum) part (hyphen (?=alnum) part)*  |  clitic
 *   part   = abbr | num | core                 (the first alternative that matches)
 *   abbr   = alpha "." alpha "." (alpha ".")*  (alpha: a letter that is no decimal digit,
 *                                               with its combining marks)
 *   num    = digit+ ([.,] digit+)+
 *   core   = run (apostrophe (?!s-at-end-of-word) (?=alnum) run)*
 *   run    = alnum (alnum | mark)*
 *   clitic = apostrophe [sS], after an alnum or a mark, before no alnum or mark
 *
 * Every repetition is maximal and nothing after a part can fail, so a match is found
 * left to right without backtracking. alnum is `re`'s [^\W_] (Py_UNICODE_ISALNUM), digit
 * its \d (Py_UNICODE_ISDECIMAL); marks, apostrophes and hyphens are the sets of
 * analysis/tokens.py.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
} Text;

#define CH(t, i) PyUnicode_READ((t)->kind, (t)->data, (i))

static inline int is_alnum(Py_UCS4 c) {
    if (c < 128)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return Py_UNICODE_ISALNUM(c);
}

static inline int is_digit(Py_UCS4 c) {
    if (c < 128)
        return c >= '0' && c <= '9';
    return Py_UNICODE_ISDECIMAL(c);
}

static inline int is_mark(Py_UCS4 c) {
    return (c >= 0x0300 && c <= 0x036f) || (c >= 0x1ab0 && c <= 0x1aff) || (c >= 0x1dc0 && c <= 0x1dff) ||
           (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe20 && c <= 0xfe2f);
}

static inline int is_apostrophe(Py_UCS4 c) { return c == 0x27 || c == 0x2019 || c == 0x02bc || c == 0x2018; }

static inline int is_hyphen(Py_UCS4 c) { return c == 0x2d || c == 0x2010 || c == 0x2011; }

/* alnum or mark at i (false past the end) */
static inline int word_at(const Text *t, Py_ssize_t i) {
    if (i >= t->n)
        return 0;
    Py_UCS4 c = CH(t, i);
    return is_alnum(c) || is_mark(c);
}

static inline int alnum_at(const Text *t, Py_ssize_t i) { return i < t->n && is_alnum(CH(t, i)); }

/* run: the end of the alnum/mark run starting at i (an alnum) */
static Py_ssize_t run(const Text *t, Py_ssize_t i) {
    i++;
    while (word_at(t, i))
        i++;
    return i;
}

/* abbr at i: its end, or -1 */
static Py_ssize_t abbr(const Text *t, Py_ssize_t i) {
    int count = 0;
    for (;;) {
        if (i >= t->n)
            break;
        Py_UCS4 c = CH(t, i);
        if (!is_alnum(c) || is_digit(c))
            break;
        Py_ssize_t k = i + 1;
        while (k < t->n && is_mark(CH(t, k)))
            k++;
        if (k >= t->n || CH(t, k) != '.')
            break;
        i = k + 1;
        count++;
    }
    return count >= 2 ? i : -1;
}

/* num at i: its end, or -1 */
static Py_ssize_t num(const Text *t, Py_ssize_t i) {
    if (!is_digit(CH(t, i)))
        return -1;
    while (i < t->n && is_digit(CH(t, i)))
        i++;
    int groups = 0;
    while (i + 1 < t->n) {
        Py_UCS4 c = CH(t, i);
        if ((c != '.' && c != ',') || !is_digit(CH(t, i + 1)))
            break;
        i += 2;
        while (i < t->n && is_digit(CH(t, i)))
            i++;
        groups++;
    }
    return groups ? i : -1;
}

/* core at i (an alnum): its end */
static Py_ssize_t core(const Text *t, Py_ssize_t i) {
    i = run(t, i);
    while (i < t->n && is_apostrophe(CH(t, i))) {
        Py_ssize_t k = i + 1;
        if (k < t->n) {
            Py_UCS4 c = CH(t, k);
            if ((c == 's' || c == 'S') && !word_at(t, k + 1))
                break; /* a clitic 's: not part of the word */
        }
        if (!alnum_at(t, k))
            break;
        i = run(t, k);
    }
    return i;
}

static Py_ssize_t part(const Text *t, Py_ssize_t i) {
    Py_ssize_t e = abbr(t, i);
    if (e < 0)
        e = num(t, i);
    if (e < 0)
        e = core(t, i);
    return e;
}

/* the token starting at i (an alnum): its end */
static Py_ssize_t token(const Text *t, Py_ssize_t i) {
    i = part(t, i);
    while (i + 1 < t->n && is_hyphen(CH(t, i)) && is_alnum(CH(t, i + 1)))
        i = part(t, i + 1);
    return i;
}

/* a clitic 's at i (an apostrophe)? */
static int clitic(const Text *t, Py_ssize_t i) {
    if (i == 0 || !word_at(t, i - 1) || i + 1 >= t->n)
        return 0;
    Py_UCS4 c = CH(t, i + 1);
    return (c == 's' || c == 'S') && !word_at(t, i + 2);
}

/* ---- growable arrays and the types' hash table */

typedef struct {
    char *p;
    Py_ssize_t len, cap; /* in bytes */
} Buf;

static int buf_push(Buf *b, const void *x, Py_ssize_t size) {
    if (b->len + size > b->cap) {
        Py_ssize_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + size)
            cap *= 2;
        char *p = PyMem_Realloc(b->p, cap);
        if (!p) {
            PyErr_NoMemory();
            return -1;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, x, size);
    b->len += size;
    return 0;
}

static PyObject *buf_bytearray(Buf *b) { return PyByteArray_FromStringAndSize(b->p ? b->p : "", b->len); }

typedef struct {
    uint64_t hash;
    Py_ssize_t start, len; /* a token of this type, in the text */
    int32_t code;          /* -1: empty slot */
} Slot;

typedef struct {
    Slot *slots;
    size_t mask;
    int32_t used;
} Table;

static uint64_t span_hash(const Text *t, Py_ssize_t a, Py_ssize_t b) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a over the code points */
    for (Py_ssize_t i = a; i < b; i++) {
        h ^= (uint64_t)CH(t, i);
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

static int table_init(Table *tb, size_t cap) {
    tb->slots = PyMem_Malloc(cap * sizeof(Slot));
    if (!tb->slots) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t k = 0; k < cap; k++)
        tb->slots[k].code = -1;
    tb->mask = cap - 1;
    tb->used = 0;
    return 0;
}

static int table_grow(Table *tb) {
    Table bigger;
    if (table_init(&bigger, (tb->mask + 1) * 2) < 0)
        return -1;
    for (size_t k = 0; k <= tb->mask; k++) {
        Slot *s = &tb->slots[k];
        if (s->code < 0)
            continue;
        size_t j = s->hash & bigger.mask;
        while (bigger.slots[j].code >= 0)
            j = (j + 1) & bigger.mask;
        bigger.slots[j] = *s;
    }
    bigger.used = tb->used;
    PyMem_Free(tb->slots);
    *tb = bigger;
    return 0;
}

static PyObject *Crowded; /* analysis._scan.Crowded: too many types share a slot's neighbourhood */

/* the code of the token a:b, adding its type (a new str in ``types``) when it is new; -1 on error.
 * A text whose tokens were made to collide (FNV-1a is no keyed hash) could make the probing
 * quadratic: past ``max_probe`` steps this raises Crowded, and the caller tokenizes that text
 * with the regular expression and Python's own (keyed) string hash instead. */
static int32_t code_of(Table *tb, const Text *t, Py_ssize_t a, Py_ssize_t b, PyObject *text, PyObject *types,
                       Py_ssize_t max_probe) {
    uint64_t h = span_hash(t, a, b);
    Py_ssize_t len = b - a, probes = 0;
    size_t j = h & tb->mask;
    for (;;) {
        Slot *s = &tb->slots[j];
        if (s->code < 0)
            break;
        if (s->hash == h && s->len == len &&
            memcmp((const char *)t->data + s->start * t->kind, (const char *)t->data + a * t->kind, len * t->kind) == 0)
            return s->code;
        if (++probes > max_probe) {
            PyErr_SetString(Crowded, "too many colliding types in one text");
            return -1;
        }
        j = (j + 1) & tb->mask;
    }
    PyObject *word = PyUnicode_Substring(text, a, b);
    if (!word)
        return -1;
    int rc = PyList_Append(types, word);
    Py_DECREF(word);
    if (rc < 0)
        return -1;
    Slot *s = &tb->slots[j];
    s->hash = h;
    s->start = a;
    s->len = len;
    s->code = tb->used++;
    if ((size_t)tb->used * 2 > tb->mask + 1 && table_grow(tb) < 0)
        return -1;
    return tb->used - 1;
}

PyDoc_STRVAR(encode_doc,
             "encode(text, max_probe=128) -> (starts, ends, codes, types)\n\n"
             "The matches of analysis.tokens.TOKEN_RE in ``text``: their start and end offsets (bytearrays of\n"
             "int64), each one's code into ``types`` (a bytearray of int32) and the distinct tokens in order of\n"
             "first appearance (a list of str). Raises Crowded when looking a type up takes more than\n"
             "max_probe steps (tokens made to collide): tokenize that text another way.");

static PyObject *encode(PyObject *self, PyObject *args) {
    PyObject *arg;
    Py_ssize_t max_probe = 128;
    if (!PyArg_ParseTuple(args, "O|n:encode", &arg, &max_probe))
        return NULL;
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "encode() takes a str, not %.100s", Py_TYPE(arg)->tp_name);
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(arg) < 0)
        return NULL;
#endif
    Text t = {PyUnicode_KIND(arg), PyUnicode_DATA(arg), PyUnicode_GET_LENGTH(arg)};
    Buf starts = {0}, ends = {0}, codes = {0};
    Table tb = {0};
    PyObject *types = PyList_New(0), *result = NULL;
    if (!types || table_init(&tb, 1024) < 0)
        goto done;
    Py_ssize_t i = 0;
    while (i < t.n) {
        Py_UCS4 c = CH(&t, i);
        Py_ssize_t e;
        if (is_alnum(c))
            e = token(&t, i);
        else if (is_apostrophe(c) && clitic(&t, i))
            e = i + 2;
        else {
            i++;
            continue;
        }
        int64_t a64 = i, b64 = e;
        int32_t code = code_of(&tb, &t, i, e, arg, types, max_probe);
        if (code < 0 || buf_push(&starts, &a64, 8) < 0 || buf_push(&ends, &b64, 8) < 0 || buf_push(&codes, &code, 4) < 0)
            goto done;
        i = e;
    }
    PyObject *s = buf_bytearray(&starts), *en = s ? buf_bytearray(&ends) : NULL, *co = en ? buf_bytearray(&codes) : NULL;
    if (co)
        result = PyTuple_Pack(4, s, en, co, types);
    Py_XDECREF(s);
    Py_XDECREF(en);
    Py_XDECREF(co);
done:
    PyMem_Free(starts.p);
    PyMem_Free(ends.p);
    PyMem_Free(codes.p);
    PyMem_Free(tb.slots);
    Py_XDECREF(types);
    return result;
}

/* ------------------------------------------------------------------ merging vocabularies */

PyDoc_STRVAR(merge_doc,
             "merge(a, b) -> (merged, where_a, where_b)\n\n"
             "The sorted union of two lists of str, each sorted and without repeats (Python's order\n"
             "of str: by code point), and the place in it of each item of a and of b (bytearrays of\n"
             "int64). Raises ValueError when a list is not strictly increasing.");

static int after(PyObject *prev, PyObject *x, const char *name) {
    /* 0 when x follows prev (or there is no prev), -1 with an exception otherwise */
    if (!PyUnicode_Check(x)) {
        PyErr_Format(PyExc_TypeError, "merge(): %s holds a %.100s, not a str", name, Py_TYPE(x)->tp_name);
        return -1;
    }
    if (!prev)
        return 0;
    int c = PyUnicode_Compare(prev, x);
    if (c == -1 && PyErr_Occurred())
        return -1;
    if (c >= 0) {
        PyErr_Format(PyExc_ValueError, "merge(): %s is not sorted without repeats", name);
        return -1;
    }
    return 0;
}

static PyObject *merge(PyObject *self, PyObject *args) {
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "O!O!:merge", &PyList_Type, &a, &PyList_Type, &b))
        return NULL;
    Py_ssize_t na = PyList_GET_SIZE(a), nb = PyList_GET_SIZE(b), i = 0, j = 0, k = 0;
    PyObject *merged = PyList_New(na + nb);
    PyObject *wa = PyByteArray_FromStringAndSize(NULL, na * 8), *wb = PyByteArray_FromStringAndSize(NULL, nb * 8);
    if (!merged || !wa || !wb)
        goto fail;
    int64_t *pa = (int64_t *)PyByteArray_AS_STRING(wa), *pb = (int64_t *)PyByteArray_AS_STRING(wb);
    PyObject *prev_a = NULL, *prev_b = NULL;
    while (i < na || j < nb) {
        PyObject *x = i < na ? PyList_GET_ITEM(a, i) : NULL, *y = j < nb ? PyList_GET_ITEM(b, j) : NULL;
        if ((x && after(prev_a, x, "a") < 0) || (y && after(prev_b, y, "b") < 0))
            goto fail;
        int c = !x ? 1 : !y ? -1 : PyUnicode_Compare(x, y);
        if (c == -1 && PyErr_Occurred())
            goto fail;
        PyObject *item = c <= 0 ? x : y;
        Py_INCREF(item);
        PyList_SET_ITEM(merged, k, item);
        if (c <= 0) {
            prev_a = x;
            pa[i++] = k;
        }
        if (c >= 0) {
            prev_b = y;
            pb[j++] = k;
        }
        k++;
    }
    if (PyList_SetSlice(merged, k, na + nb, NULL) < 0) /* the items both lists have: one place, not two */
        goto fail;
    return Py_BuildValue("(NNN)", merged, wa, wb);
fail:
    if (merged) { /* the places not filled are NULL: the list's deallocation skips them */
        for (Py_ssize_t m = k; m < na + nb; m++)
            PyList_SET_ITEM(merged, m, NULL);
    }
    Py_XDECREF(merged);
    Py_XDECREF(wa);
    Py_XDECREF(wb);
    return NULL;
}

PyDoc_STRVAR(gather_doc,
             "gather(table, table_itemsize, codes, codes_itemsize, out)\n\n"
             "out[i] = table[codes[i]] for every i, in C without the GIL: table and out hold signed\n"
             "integers of table_itemsize bytes, codes of codes_itemsize bytes (1, 2, 4 or 8), all\n"
             "contiguous, in native byte order. Raises IndexError for a code outside the table (out\n"
             "is then written up to it).");

#define GATHER_LOOP(CT, TT)                                                                                   \
    {                                                                                                         \
        const CT *cc = (const CT *)c.buf;                                                                     \
        const TT *tt = (const TT *)t.buf;                                                                     \
        TT *oo = (TT *)o.buf;                                                                                 \
        for (Py_ssize_t i = 0; i < n; i++) {                                                                  \
            int64_t code = (int64_t)cc[i];                                                                    \
            if (code < 0 || code >= nt) {                                                                     \
                bad = i;                                                                                      \
                bad_code = code;                                                                              \
                break;                                                                                        \
            }                                                                                                 \
            oo[i] = tt[code];                                                                                 \
        }                                                                                                     \
    }
#define GATHER_TABLE(CT)                                                                                      \
    switch (ts) {                                                                                             \
    case 1: GATHER_LOOP(CT, int8_t) break;                                                                    \
    case 2: GATHER_LOOP(CT, int16_t) break;                                                                   \
    case 4: GATHER_LOOP(CT, int32_t) break;                                                                   \
    default: GATHER_LOOP(CT, int64_t) break;                                                                  \
    }

static int valid_size(Py_ssize_t s) { return s == 1 || s == 2 || s == 4 || s == 8; }

static PyObject *gather(PyObject *self, PyObject *args) {
    Py_buffer t, c, o;
    Py_ssize_t ts, cs;
    if (!PyArg_ParseTuple(args, "y*ny*nw*:gather", &t, &ts, &c, &cs, &o))
        return NULL;
    PyObject *result = NULL;
    if (!valid_size(ts) || !valid_size(cs)) {
        PyErr_SetString(PyExc_ValueError, "gather(): item sizes are 1, 2, 4 or 8 bytes");
        goto done;
    }
    Py_ssize_t nt = t.len / ts, n = c.len / cs, bad = -1;
    int64_t bad_code = 0;
    if (t.len % ts || c.len % cs || o.len != n * ts) {
        PyErr_SetString(PyExc_ValueError, "gather(): the buffers' lengths do not fit the item sizes (out: one item per code)");
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    switch (cs) {
    case 1: GATHER_TABLE(int8_t) break;
    case 2: GATHER_TABLE(int16_t) break;
    case 4: GATHER_TABLE(int32_t) break;
    default: GATHER_TABLE(int64_t) break;
    }
    Py_END_ALLOW_THREADS
    if (bad >= 0)
        PyErr_Format(PyExc_IndexError, "gather(): code %lld (at %zd) is outside the table of %zd", (long long)bad_code, bad, nt);
    else
        result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&t);
    PyBuffer_Release(&c);
    PyBuffer_Release(&o);
    return result;
}

static PyMethodDef methods[] = {
    {"encode", encode, METH_VARARGS, encode_doc},
    {"merge", merge, METH_VARARGS, merge_doc},
    {"gather", gather, METH_VARARGS, gather_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_scan", "The tokenizer of analysis.tokens in C (see encode); merge and gather.", -1, methods,
};

PyMODINIT_FUNC PyInit__scan(void) {
    PyObject *m = PyModule_Create(&module);
    if (!m)
        return NULL;
    Crowded = PyErr_NewException("analysis._scan.Crowded", NULL, NULL);
    if (!Crowded || PyModule_AddObject(m, "Crowded", Crowded) < 0) {
        Py_XDECREF(Crowded);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(Crowded); /* the module's reference was stolen; keep ours for raising */
    return m;
}
