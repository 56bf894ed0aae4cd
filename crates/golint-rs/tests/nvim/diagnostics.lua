-- Driven by tests/neovim.rs: Neovim's built-in LSP client attached to
-- `golint-rs lsp`, headless. Opens GOLINT_FILE, waits for the diagnostics,
-- edits the buffer to fix the bug (without saving), waits for them to
-- clear, and writes what it saw to GOLINT_OUT as JSON.
local bin = os.getenv('GOLINT_BIN')
local root = os.getenv('GOLINT_ROOT')
local file = os.getenv('GOLINT_FILE')
local out = os.getenv('GOLINT_OUT')

local function finish(result)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'golint-rs',
  cmd = { bin, 'lsp' },
  root_dir = root,
})
if not client_id then
  finish({ error = 'the client did not start' })
  return
end
vim.lsp.buf_attach_client(buf, client_id)

local seen = vim.wait(30000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
local found = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  table.insert(found, {
    lnum = d.lnum,
    col = d.col,
    severity = d.severity,
    source = d.source,
    code = d.code or lsp.code,
    message = d.message,
  })
end

-- Fix the bug in the buffer only: the server must analyze the buffer.
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
for i, line in ipairs(lines) do
  if line:find('defer f.Close()', 1, true) then
    vim.api.nvim_buf_set_lines(buf, i - 1, i, false, { (line:gsub('defer ', '')) })
  end
end
local cleared = vim.wait(30000, function()
  return #vim.diagnostic.get(buf) == 0
end, 50)

vim.lsp.stop_client(client_id)
finish({ seen = seen, diagnostics = found, cleared = cleared })
