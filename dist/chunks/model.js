function blocking(gates) {
    return gates.filter((g) => g.status === 'fail');
}

export { blocking as b };
