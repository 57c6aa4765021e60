export const handler = async () => {
  throw new Error('integration failed');
};
